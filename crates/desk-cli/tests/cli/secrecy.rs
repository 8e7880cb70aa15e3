//! The API key never appears in any output, error or file of the desk.

use neuropay_sandbox::Faults;

use crate::support::{closed_port, text, World};

#[test]
fn the_key_never_appears() {
    let w = World::new();
    w.add_profile();
    let key = w.test_key();
    let id = w.create(&["--meta", "order=1"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dead = format!("http://127.0.0.1:{}", closed_port());
    // (arguments, extra environment variable)
    type Run<'a> = (Vec<&'a str>, Option<(&'a str, &'a str)>);
    let runs: Vec<Run> = vec![
        (vec!["checkout", "get", &id], None),
        (vec!["checkout", "show", &id], None),
        (vec!["checkout", "list"], None),
        (vec!["key", "status"], None),
        (vec!["audit", "list"], None),
        (vec!["checkout", "capture", &id], None),
        (
            vec!["checkout", "get", &id],
            Some(("NEUROPAY_BASE_URL", dead.as_str())),
        ),
        (
            vec!["checkout", "get", &id],
            Some((
                "NEUROPAY_API_KEY",
                "npsb_test_ffffffffffffffffffffffffffffffff",
            )),
        ),
    ];
    for (args, env) in &runs {
        for json in [false, true] {
            let mut c = w.cmd();
            if let Some((k, v)) = env {
                c.env(k, v);
            }
            c.args(args);
            if json {
                c.arg("--json");
            }
            let out = c.output().unwrap();
            for stream in [text(&out.stdout), text(&out.stderr)] {
                assert!(!stream.contains(&key), "{args:?} printed the key: {stream}");
                assert!(
                    !stream.contains("npsb_test_ffff"),
                    "{args:?} printed a key: {stream}"
                );
            }
        }
    }
    w.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let out = w.run(&["checkout", "delete", &id]);
    assert_eq!(out.status.code(), Some(4));
    assert!(!text(&out.stderr).contains(&key));

    // Nor in any file the desk wrote.
    for entry in std::fs::read_dir(w.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(key.len()).any(|win| win == key.as_bytes()),
                "{} holds the key",
                path.display()
            );
        }
    }
}
