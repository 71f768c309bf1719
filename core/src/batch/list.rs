//! The batch list as the hand-over screen shows it: the store's lines with what only the
//! batch folder knows — each waiting batch's size and how far its upload got.

use super::error::BatchError;
use super::seal::{batch_file_name, default_batch_dir};
use crate::store::{BatchLine, Store};
use crate::upload::SavedUpload;

/// Every batch sealed on this device, newest first, with its file's size while it is on the
/// device and, for a waiting batch, the bytes the platform had when last seen.
pub fn batch_list(store: &Store) -> Result<Vec<BatchLine>, BatchError> {
    let dir = default_batch_dir(store);
    let mut lines = store.batches()?;
    for line in &mut lines {
        let path = dir.join(batch_file_name(&line.batch_id));
        line.batch_bytes = std::fs::metadata(&path).ok().map(|m| m.len());
        if line.state.is_waiting() {
            line.bytes_uploaded = SavedUpload::next_to(&path).offset_seen();
        }
    }
    Ok(lines)
}
