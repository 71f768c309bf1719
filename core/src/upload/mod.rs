//! Uploading sealed batches to the bank: the tus 1.0 resumable upload protocol (core,
//! creation and checksum extensions, <https://tus.io/protocols/resumable-upload>), so a
//! bank can run any stock tus server.
//!
//! The protocol is written once, here, without any HTTP library: [`TusUpload`] is the
//! upload's whole state (serde, so the caller saves it after every chunk and a killed app
//! resumes where the server says it stands), its steps produce [`HttpRequest`]s and consume
//! [`HttpResponse`]s. The HTTP itself belongs to each platform behind [`HttpTransport`]
//! (the `cunxin` command uses ureq, the Android app OkHttp), and [`upload_file`] drives
//! the steps over a transport with retries.
//!
//! What happens on a cut: the chunk in flight is lost (the server drops a partial chunk
//! whose checksum it cannot check), the next step asks the server for its offset (`HEAD`)
//! and the upload goes on from there, so at most one chunk is ever sent twice. By default
//! chunks are sized to the link ([`ChunkAdaptation`]): about 4 s each on the wire, so a
//! cut costs at most that, and the round trip after each chunk little.

mod checksum;
mod chunk;
mod driver;
mod error;
mod file;
pub mod headers;
mod http;
mod protocol;
mod receipt;
mod saved;
pub mod signature;
mod sizing;
mod state;
mod transport;

#[cfg(test)]
mod tests;

pub use checksum::{ChecksumAlgorithm, ChunkHasher};
pub use chunk::Chunk;
pub use driver::{Progress, RetryPolicy, UploadReport, upload_file};
pub use error::UploadError;
pub use file::{UploadOptions, upload_path};
pub use http::{HttpRequest, HttpResponse, Method};
pub use protocol::{Action, Next, Outcome};
pub use receipt::{ReceiptAnswer, fetch_receipt, parse_receipt_response, receipt_request};
pub use saved::SavedUpload;
pub use signature::{DEVICE_SIGNATURE, RequestSigner, SignedTransport};
pub use sizing::ChunkAdaptation;
pub use state::{DEFAULT_CHUNK_SIZE, ServerCapabilities, TusUpload};
pub use transport::{HttpTransport, TransportError};
