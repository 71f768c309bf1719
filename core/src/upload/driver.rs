//! Runs an upload to the end over a transport: reads chunks, retries after cuts, reports
//! progress and hands the state to the caller to save after every change.

use super::UploadError;
use super::chunk::Chunk;
use super::protocol::{Action, Next, Outcome};
use super::state::TusUpload;
use super::transport::HttpTransport;
use serde::Serialize;
use std::io::{Read, Seek, SeekFrom};
use std::time::{Duration, Instant};

/// How long to wait before each new try after a cut or a busy server; the count resets
/// whenever the server's offset moves forward. When the list is used up, the upload stops
/// (its saved state lets a later call go on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub delays: Vec<Duration>,
}

impl Default for RetryPolicy {
    /// About a minute in all: 0, 0.5, 1, 2, 4, 8, 15 and 30 seconds.
    fn default() -> Self {
        let ms = [0, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
        RetryPolicy {
            delays: ms.into_iter().map(Duration::from_millis).collect(),
        }
    }
}

/// Where the upload stands, after each chunk the server confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub offset: u64,
    pub length: u64,
}

/// What a finished upload took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadReport {
    pub upload_url: String,
    pub length: u64,
    /// The server's offset when this call sent its first chunk (0 for a fresh upload).
    pub resumed_from: u64,
    /// Chunk bytes put on the wire, including chunks cut off and sent again.
    pub bytes_sent: u64,
    pub chunks_sent: u64,
    /// The biggest chunk sent: what one cut cost at most.
    pub largest_chunk: u64,
    /// Tries after a cut or a busy answer.
    pub retries: u32,
}

/// Exchanges in a row that may pass without the offset moving before the server is
/// judged inconsistent (e.g. it keeps answering 409 to the offset its HEAD gave).
const MAX_STALLED: u32 = 16;

/// Uploads `file` (the whole file is the upload) from where `state` and the server stand.
///
/// `persist` is called with the new state after every change (creation, every chunk, a
/// resync): save it durably, and a later call after a kill goes on from there. An error
/// from it stops the upload, since going on could not be resumed.
pub fn upload_file<R, T, E>(
    state: &mut TusUpload,
    file: &mut R,
    transport: &T,
    retry: &RetryPolicy,
    mut on_progress: impl FnMut(Progress),
    mut persist: impl FnMut(&TusUpload) -> Result<(), E>,
) -> Result<UploadReport, UploadError>
where
    R: Read + Seek + Send + ?Sized,
    T: HttpTransport + ?Sized,
    E: std::fmt::Display,
{
    let file_length = file.seek(SeekFrom::End(0)).map_err(UploadError::Read)?;
    if file_length != state.length {
        return Err(UploadError::FileChanged("its length differs"));
    }
    state.resume();
    let mut report = UploadReport {
        upload_url: String::new(),
        length: state.length,
        resumed_from: state.offset,
        bytes_sent: 0,
        chunks_sent: 0,
        largest_chunk: 0,
        retries: 0,
    };
    // The quickest bodiless exchange (OPTIONS, POST, HEAD): the link's round trip and the
    // server's time, which chunk sizing leaves out of the link's rate.
    let mut round_trip: Option<Duration> = None;
    let mut first_chunk = true;
    let mut failures = 0usize;
    let mut stalled = 0u32;
    // The next chunk, read and checksummed while the current one was on the wire.
    let mut ahead: Option<Chunk> = None;
    loop {
        let action = match state.next() {
            Next::Done => break,
            Next::Send(action) => action,
        };
        if transport.cancelled() {
            return Err(UploadError::Cancelled);
        }
        let before = state.clone();
        let started = Instant::now();
        let sent = match action {
            Action::Patch { offset, len } => {
                if first_chunk {
                    report.resumed_from = offset;
                    first_chunk = false;
                }
                report.bytes_sent += len;
                report.chunks_sent += 1;
                report.largest_chunk = report.largest_chunk.max(len);
                let checksum = state.checksum();
                let chunk = match ahead.take() {
                    Some(c) if c.offset == offset && c.len() == len => c,
                    _ => Chunk::read(file, offset, len, checksum)?,
                };
                let request = state.chunk_request(chunk);
                let next_offset = offset + len;
                let next_len = state.chunk_size.min(state.length - next_offset);
                std::thread::scope(|s| {
                    let reader = (next_len > 0).then(|| {
                        let file = &mut *file;
                        s.spawn(move || Chunk::read(file, next_offset, next_len, checksum))
                    });
                    let sent = transport.send(request);
                    // A failed read-ahead is read again, and reported, when needed.
                    ahead = reader.and_then(|r| r.join().ok()).and_then(Result::ok);
                    sent
                })
            }
            _ => transport.send(state.request(action, Vec::new())),
        };
        let failure = match sent {
            Err(e) => {
                state.interrupted(action);
                Some(e.to_string())
            }
            Ok(response) => match state.handle(action, &response)? {
                Outcome::Continue => None,
                Outcome::Transient { status } => {
                    Some(format!("the server answered HTTP status {status}"))
                }
            },
        };
        match action {
            Action::Patch { len, .. } if state.offset == before.offset + len => {
                state.chunk_took(len, started.elapsed(), round_trip.unwrap_or_default());
            }
            Action::Patch { .. } => {}
            _ if failure.is_none() => {
                let took = started.elapsed();
                round_trip = Some(round_trip.map_or(took, |r| r.min(took)));
            }
            _ => {}
        }
        let created = before.upload_url.is_none() && state.upload_url.is_some();
        if state.offset > before.offset || created {
            failures = 0;
            stalled = 0;
        } else if failure.is_none() {
            stalled += 1;
            if stalled > MAX_STALLED {
                return Err(UploadError::BadResponse {
                    during: "the upload",
                    problem: "the server's offset does not move forward",
                });
            }
        }
        if *state != before {
            persist(state).map_err(|e| UploadError::Persist(e.to_string()))?;
        }
        if state.offset > before.offset {
            on_progress(Progress {
                offset: state.offset,
                length: state.length,
            });
        }
        if let Some(last) = failure {
            let Some(delay) = retry.delays.get(failures) else {
                return Err(UploadError::Unreachable {
                    attempts: failures as u32 + 1,
                    last,
                });
            };
            failures += 1;
            report.retries += 1;
            wait_unless_cancelled(transport, *delay)?;
        }
    }
    if first_chunk {
        report.resumed_from = state.offset;
    }
    report.upload_url = state.upload_url.clone().unwrap_or_default();
    Ok(report)
}

/// Waits `delay` in short steps, so a cancel during a long back-off is seen at once.
pub(crate) fn wait_unless_cancelled<T: HttpTransport + ?Sized>(
    transport: &T,
    delay: Duration,
) -> Result<(), UploadError> {
    const STEP: Duration = Duration::from_millis(50);
    let until = std::time::Instant::now() + delay;
    loop {
        if transport.cancelled() {
            return Err(UploadError::Cancelled);
        }
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(STEP));
    }
}
