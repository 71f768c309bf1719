//! Streams a chunk's body into the upload's data file: this task takes the frames off
//! the connection and hashes them, a blocking thread writes them, so the two run side
//! by side (throughput within a few percent of a plain upload).

use axum::body::{Body, Bytes};
use cunxin_core::upload::ChecksumAlgorithm;
use http_body_util::BodyExt;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

/// A client silent this long in the middle of a chunk is taken as gone.
const IDLE: Duration = Duration::from_secs(60);

/// Frames in flight between the connection and the writer.
const QUEUE: usize = 32;

pub enum End {
    /// The body ended normally; its checksum's digest when asked for.
    Whole(Option<Vec<u8>>),
    /// The connection broke or went silent.
    Cut,
    /// More bytes came than the upload has room for.
    TooLarge,
}

pub struct Received {
    pub end: End,
    /// Bytes written past the offset.
    pub bytes: u64,
}

/// Writes the body at `offset` of the data file (cutting off whatever lay past it, left
/// over from a chunk that never counted). A chunk that cannot count (too large, or cut
/// off while a checksum was given) is cut off again afterwards.
pub async fn receive(
    data: &Path,
    offset: u64,
    mut body: Body,
    room: u64,
    checksum: Option<ChecksumAlgorithm>,
) -> io::Result<Received> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(QUEUE);
    let data = data.to_path_buf();
    let writer = tokio::task::spawn_blocking(move || -> io::Result<std::fs::File> {
        let mut file = std::fs::OpenOptions::new().write(true).open(data)?;
        file.set_len(offset)?;
        file.seek(SeekFrom::Start(offset))?;
        while let Some(frame) = rx.blocking_recv() {
            file.write_all(&frame)?;
        }
        Ok(file)
    });
    let mut hasher = checksum.map(ChecksumAlgorithm::hasher);
    let mut bytes = 0u64;
    let end = loop {
        let frame = match tokio::time::timeout(IDLE, next_data(&mut body)).await {
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
        if tx.send(frame).await.is_err() {
            // The writer stopped on an error, given below.
            break End::Cut;
        }
    };
    drop(tx);
    let file = writer.await.map_err(io::Error::other)??;
    let keep = match end {
        End::Whole(_) => bytes,
        End::Cut if checksum.is_none() => bytes,
        _ => 0,
    };
    if keep < bytes {
        tokio::task::spawn_blocking(move || file.set_len(offset + keep))
            .await
            .map_err(io::Error::other)??;
    }
    Ok(Received { end, bytes })
}

/// The next piece of data of the body (trailers count as empty).
async fn next_data(body: &mut Body) -> Option<Result<Bytes, axum::Error>> {
    body.frame()
        .await
        .map(|r| r.map(|f| f.into_data().unwrap_or_default()))
}
