//! Files the user picks in a dialog: exports are written whole or not at all (a temp file
//! beside the target, renamed into place), and imports are read with a size cap.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::audit::AuditFilter;
use crate::cache::ListQuery;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::export::ExportSummary;
use crate::ops::ImportPlan;

/// Larger than any realistic list of ids (1M ids is ~35 MB of hex); refuses accidents.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&std::fs::File>) -> Result<T>,
) -> Result<T> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile_in(dir)?;
    let value = {
        let mut out = BufWriter::new(tmp.as_file());
        let value = write(&mut out)?;
        out.flush()?;
        value
    };
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| Error::Io {
        message: format!("could not save {}: {}", path.display(), e.error),
    })?;
    Ok(value)
}

fn tempfile_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".npdesk-export-")
        .tempfile_in(dir)
        .map_err(|e| Error::Io {
            message: format!("cannot write in {}: {e}", dir.display()),
        })
}

impl Store {
    /// The list's current filter as CSV at `path` (local-time columns in the OS zone).
    pub fn export_checkouts_file(&self, q: &ListQuery, path: &Path) -> Result<ExportSummary> {
        write_atomically(path, |out| {
            self.export_checkouts_csv(q, out, &chrono::Local)
        })
    }

    /// The filtered audit log as CSV at `path`; returns the number of rows.
    pub fn export_audit_file(&self, filter: &AuditFilter, path: &Path) -> Result<u64> {
        write_atomically(path, |out| self.export_audit_csv(filter, out))
    }
}

/// Parses a list of checkout ids (one per line, or CSV) from any reader: a picked file,
/// or the CLI's stdin. Refuses more than [`MAX_IMPORT_BYTES`] and text that is not UTF-8.
pub fn read_import(reader: impl std::io::Read) -> Result<ImportPlan> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(Error::invalid(
            "file",
            format!("is larger than {MAX_IMPORT_BYTES} bytes"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            "file",
            format!("is not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    Ok(crate::Desk::parse_import(
        text.trim_start_matches('\u{feff}'),
    ))
}

/// Reads a picked file of checkout ids on the blocking pool and parses it.
pub async fn read_import_file(path: &Path) -> Result<ImportPlan> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || read_import(std::fs::File::open(&path)?))
        .await
        .map_err(|e| Error::storage(format!("file reader stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn import_file_strips_a_bom_and_refuses_binary() {
        let dir = tempfile::tempdir().expect("tmp");
        let good = dir.path().join("ids.csv");
        std::fs::write(&good, "\u{feff}checkout_id\nabc123\nabc123\n").expect("write");
        let plan = read_import_file(&good).await.expect("readable");
        assert_eq!(plan.ids.len(), 1);

        let bad = dir.path().join("ids.bin");
        std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).expect("write");
        let err = read_import_file(&bad).await.expect_err("binary");
        assert_eq!(err.field(), Some("file"));
    }
}
