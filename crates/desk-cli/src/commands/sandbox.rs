//! `npdesk sandbox`: the bundled Neuro-Pay simulator, served until Ctrl-C.

use std::net::{Ipv4Addr, SocketAddr};

use neuropay_sandbox::SandboxConfig;
use serde_json::json;

use crate::cli::SandboxArgs;
use crate::error::CliError;
use crate::output::Output;

pub async fn run(out: &Output, a: SandboxArgs) -> Result<(), CliError> {
    let config = SandboxConfig {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, a.port)),
        seed: a.seed,
        ..SandboxConfig::default()
    };
    let sandbox = neuropay_sandbox::start(config)
        .await
        .map_err(|e| CliError::Sandbox(e.to_string()))?;
    let base = sandbox.base_url();
    let keys = sandbox.keys();
    // These are the simulator's own throwaway keys: handing them out is its purpose.
    let doc = json!({
        "baseUrl": base,
        "testKey": keys.test,
        "liveKey": keys.live,
        "openapi": format!("{base}/openapi.json"),
    });
    out.emit(&doc, |_| {
        format!(
            "Neuro-Pay simulator listening on {base}\n\
             test key: {test}\n\
             live key: {live}\n\
             \n\
             Try it:\n  \
             npdesk profile add sandbox --base-url {base}\n  \
             echo {test} | npdesk --profile sandbox key set\n\
             or, without the keychain: NEUROPAY_API_KEY={test} npdesk --profile sandbox ...\n\
             \n\
             Serving until Ctrl-C.\n",
            test = keys.test,
            live = keys.live,
        )
    })?;
    stop_signal().await?;
    sandbox.shutdown().await;
    out.note("simulator stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM from a process manager or a test.
async fn stop_signal() -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r?,
            _ = term.recv() => {}
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await?;
        Ok(())
    }
}
