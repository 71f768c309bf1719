//! Writing a small file atomically: readers see the old content or the new, never half.
//! One helper for the store's key check, the CLI's photo files, the batch side files and
//! the upload state (each used to have its own copy).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether the new content must be on disk when the call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Sync the file and its directory (a crash after return keeps the new content).
    Synced,
    /// Rename only (a crash may bring back the old content, never a torn one).
    Renamed,
}

/// The temporary name beside `path` the content is written under first.
pub fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`. On failure
/// the temporary file is removed and `path` keeps its old content.
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let temp = temporary_path(path);
    let written = File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        if durability == Durability::Synced {
            file.sync_all()?;
        }
        Ok(())
    });
    let renamed = written.and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if durability == Durability::Synced {
        sync_parent(path)?;
    }
    Ok(())
}

/// Syncs the directory holding `path`, so a rename into it survives a crash.
pub fn sync_parent(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => File::open(".")?.sync_all(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomic(&path, b"old", Durability::Renamed).unwrap();
        write_atomic(&path, b"new", Durability::Synced).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("f");
        assert!(write_atomic(&path, b"x", Durability::Synced).is_err());
        assert!(!temporary_path(&path).exists());
    }
}
