//! Streams a chunk's body into the upload's data file. This task takes the frames off the
//! connection and hashes them; the file is written in pieces of up to [`PIECE`] bytes, each
//! on a blocking thread only while it is written (one piece in flight per chunk, so the
//! network and the disk run side by side). A slow client never holds a thread while it
//! is silent, and the writes of all chunks together take at most `writes` threads.

use axum::body::{Body, Bytes};
use cunxin_core::upload::ChecksumAlgorithm;
use http_body_util::BodyExt;
use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

/// Bytes gathered before they go to the disk.
const PIECE: usize = 128 * 1024;

/// How slow a body may be before it is taken as cut: silent for `idle`, or slower than
/// `min_rate` bytes a second on average once the first `idle` has passed.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub idle: Duration,
    pub min_rate: u64,
}

pub enum End {
    /// The body ended normally; its checksum's digest when asked for.
    Whole(Option<Vec<u8>>),
    /// The connection broke, went silent or was too slow.
    Cut,
    /// More bytes came than the upload has room for.
    TooLarge,
}

pub struct Received {
    pub end: End,
    /// Bytes written past the offset.
    pub bytes: u64,
}

type Write_ = JoinHandle<io::Result<File>>;

/// Writes the body at `offset` of the data file (cutting off whatever lay past it, left
/// over from a chunk that never counted). A chunk that cannot count (too large, or cut
/// off while a checksum was given) is cut off again afterwards.
pub async fn receive(
    data: &Path,
    offset: u64,
    mut body: Body,
    room: u64,
    checksum: Option<ChecksumAlgorithm>,
    pace: Pace,
    writes: Arc<Semaphore>,
) -> io::Result<Received> {
    let path = data.to_path_buf();
    let opened = blocking(&writes, move || {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.set_len(offset)?;
        file.seek(SeekFrom::Start(offset))?;
        Ok(file)
    })
    .await?;
    let mut file = Some(opened);
    let mut pending: Option<Write_> = None;
    let mut piece: Vec<u8> = Vec::new();
    let mut hasher = checksum.map(ChecksumAlgorithm::hasher);
    let mut bytes = 0u64;
    let started = Instant::now();
    let end = loop {
        let frame = match tokio::time::timeout(pace.idle, next_data(&mut body)).await {
            Ok(Some(Ok(frame))) => frame,
            Ok(None) => break End::Whole(hasher.take().map(|h| h.finish())),
            Ok(Some(Err(_))) | Err(_) => break End::Cut,
        };
        if bytes + frame.len() as u64 > room {
            break End::TooLarge;
        }
        if let Some(s) = hasher.as_mut() {
            s.update(&frame);
        }
        bytes += frame.len() as u64;
        let elapsed = started.elapsed();
        if elapsed > pace.idle && bytes < pace.min_rate.saturating_mul(elapsed.as_secs()) {
            break End::Cut;
        }
        piece.extend_from_slice(&frame);
        if piece.len() >= PIECE {
            if let Some(w) = pending.take() {
                file = Some(w.await.map_err(io::Error::other)??);
            }
            let f = file.take().expect("the file is back after each write");
            let out = std::mem::take(&mut piece);
            pending = Some(spawn_write(&writes, f, out).await);
        }
    };
    if let Some(w) = pending.take() {
        file = Some(w.await.map_err(io::Error::other)??);
    }
    let mut f = file.expect("the file is back after each write");
    let keep = match end {
        End::Whole(_) => bytes,
        End::Cut if checksum.is_none() => bytes,
        _ => 0,
    };
    blocking(&writes, move || {
        f.write_all(&piece)?;
        if keep < bytes {
            f.set_len(offset + keep)?;
        }
        Ok(())
    })
    .await?;
    Ok(Received { end, bytes })
}

/// Runs `work` on a blocking thread once a write turn is free.
async fn blocking<T: Send + 'static>(
    writes: &Arc<Semaphore>,
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    let turn = writes
        .clone()
        .acquire_owned()
        .await
        .map_err(io::Error::other)?;
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        work()
    })
    .await
    .map_err(io::Error::other)?
}

/// Starts writing `piece` once a write turn is free; the file comes back when it is done.
async fn spawn_write(writes: &Arc<Semaphore>, mut file: File, piece: Vec<u8>) -> Write_ {
    let turn = writes.clone().acquire_owned().await;
    tokio::task::spawn_blocking(move || {
        let _turn = turn.map_err(io::Error::other)?;
        file.write_all(&piece)?;
        Ok(file)
    })
}

/// The next piece of data of the body (trailers count as empty).
async fn next_data(body: &mut Body) -> Option<Result<Bytes, axum::Error>> {
    body.frame()
        .await
        .map(|r| r.map(|f| f.into_data().unwrap_or_default()))
}
