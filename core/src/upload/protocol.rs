//! The tus 1.0 client as steps: [`TusUpload::next`] says what to send,
//! [`TusUpload::request`] builds it, [`TusUpload::handle`] reads the answer.

use super::chunk::Chunk;
use super::headers::{self as h, TUS_VERSION};
use super::http::{HttpRequest, HttpResponse, Method};
use super::state::{ServerCapabilities, TusUpload};
use super::{ChecksumAlgorithm, UploadError};

/// One exchange with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `OPTIONS`: which version, extensions and checksums the server has.
    Discover,
    /// `POST`: create the upload.
    Create,
    /// `HEAD`: the server's offset, after a cut or a restart.
    Head,
    /// `PATCH`: the file's bytes `offset..offset + len`.
    Patch { offset: u64, len: u64 },
}

impl Action {
    fn during(self) -> &'static str {
        match self {
            Action::Discover => "the upload options request",
            Action::Create => "creating the upload",
            Action::Head => "the upload offset request",
            Action::Patch { .. } => "a chunk of the upload",
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Send(Action),
    /// The server has every byte.
    Done,
}

/// How an answer was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Go on with the next step at once.
    Continue,
    /// The server is busy or failing for now (e.g. 423, 503): wait, then go on (the next
    /// step asks for the offset).
    Transient { status: u16 },
}

impl TusUpload {
    /// The next exchange.
    pub fn next(&self) -> Next {
        let action = if self.server.is_none() {
            Action::Discover
        } else if self.upload_url.is_none() {
            Action::Create
        } else if self.needs_head {
            Action::Head
        } else if self.offset >= self.length {
            return Next::Done;
        } else {
            Action::Patch {
                offset: self.offset,
                len: self.chunk_size.min(self.length - self.offset),
            }
        };
        Next::Send(action)
    }

    /// The `Upload-Checksum` chunks carry, if the server checks them.
    pub fn checksum(&self) -> Option<ChecksumAlgorithm> {
        self.server.as_ref().and_then(ServerCapabilities::checksum)
    }

    /// The request for `action`; `chunk` is the file's bytes for a `Patch` (exactly
    /// `len` of them from `offset`) and empty otherwise.
    pub fn request(&self, action: Action, chunk: Vec<u8>) -> HttpRequest {
        if let Action::Patch { offset, .. } = action {
            return self.chunk_request(Chunk {
                offset,
                bytes: chunk,
                checksum: None,
            });
        }
        let mut headers = vec![(h::TUS_RESUMABLE.to_string(), TUS_VERSION.to_string())];
        let (method, url) = match action {
            Action::Discover => {
                headers.clear();
                (Method::Options, self.endpoint.clone())
            }
            Action::Create => {
                headers.push((h::UPLOAD_LENGTH.into(), self.length.to_string()));
                if !self.metadata.is_empty() {
                    headers.push((
                        h::UPLOAD_METADATA.into(),
                        h::encode_metadata(&self.metadata),
                    ));
                }
                (Method::Post, self.endpoint.clone())
            }
            _ => (Method::Head, self.upload_url.clone().unwrap_or_default()),
        };
        HttpRequest {
            method,
            url,
            headers,
            body: Vec::new(),
        }
    }

    /// The `PATCH` for a chunk read ahead (its checksum is computed here if the server
    /// wants one and the chunk has none).
    pub fn chunk_request(&self, chunk: Chunk) -> HttpRequest {
        let mut headers = vec![
            (h::TUS_RESUMABLE.to_string(), TUS_VERSION.to_string()),
            (h::UPLOAD_OFFSET.into(), chunk.offset.to_string()),
            (h::CONTENT_TYPE.into(), h::OFFSET_OCTET_STREAM.into()),
        ];
        if let Some(algorithm) = self.checksum() {
            let checksum = chunk
                .checksum
                .filter(|c| c.starts_with(algorithm.name()))
                .unwrap_or_else(|| algorithm.header_value(&chunk.bytes));
            headers.push((h::UPLOAD_CHECKSUM.into(), checksum));
        }
        HttpRequest {
            method: Method::Patch,
            url: self.upload_url.clone().unwrap_or_default(),
            headers,
            body: chunk.bytes,
        }
    }

    /// The request for `action` never got an answer (connection refused or cut, timeout):
    /// whatever the server kept, the next step asks it.
    pub fn interrupted(&mut self, _action: Action) {
        self.needs_head = self.upload_url.is_some();
    }

    /// Takes the server's answer to `action`.
    pub fn handle(
        &mut self,
        action: Action,
        response: &HttpResponse,
    ) -> Result<Outcome, UploadError> {
        let status = response.status;
        if let Some(e) = refusal_of_device(response) {
            return Err(e);
        }
        if is_transient(status) {
            self.interrupted(action);
            return Ok(Outcome::Transient { status });
        }
        if status == 412 {
            return Err(UploadError::NotTus(self.endpoint.clone()));
        }
        match action {
            Action::Discover => self.discovered(response),
            Action::Create => self.created(response),
            Action::Head => self.head_answered(response),
            Action::Patch { offset, len } => self.patched(offset, len, response),
        }?;
        Ok(Outcome::Continue)
    }

    fn discovered(&mut self, response: &HttpResponse) -> Result<(), UploadError> {
        if !(200..300).contains(&response.status) {
            return Err(self.refused(Action::Discover, response.status));
        }
        let versions = response
            .header(h::TUS_VERSION_HEADER)
            .map(h::list)
            .unwrap_or_default();
        if !versions.iter().any(|v| v == TUS_VERSION) {
            return Err(UploadError::NotTus(self.endpoint.clone()));
        }
        let capabilities = ServerCapabilities {
            versions,
            extensions: response
                .header(h::TUS_EXTENSION)
                .map(h::list)
                .unwrap_or_default(),
            checksum_algorithms: response
                .header(h::TUS_CHECKSUM_ALGORITHM)
                .map(|v| h::list(&v.to_ascii_lowercase()))
                .unwrap_or_default(),
            max_size: response.header(h::TUS_MAX_SIZE).and_then(h::parse_u64),
        };
        if self.upload_url.is_none() && !capabilities.has_extension("creation") {
            return Err(UploadError::NoCreation(self.endpoint.clone()));
        }
        if let Some(max) = capabilities.max_size.filter(|&m| m > 0 && m < self.length) {
            return Err(UploadError::TooLarge {
                length: self.length,
                max,
            });
        }
        self.server = Some(capabilities);
        Ok(())
    }

    fn created(&mut self, response: &HttpResponse) -> Result<(), UploadError> {
        match response.status {
            201 => {}
            413 => return Err(self.too_large()),
            status => return Err(self.refused(Action::Create, status)),
        }
        let location = response
            .header(h::LOCATION)
            .ok_or(self.bad(Action::Create, "no Location header"))?;
        let url = url::Url::parse(&self.endpoint)
            .and_then(|base| base.join(location))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or(self.bad(Action::Create, "the Location header is not a URL"))?;
        self.upload_url = Some(url.to_string());
        self.offset = 0;
        self.needs_head = false;
        self.checksum_failures = 0;
        Ok(())
    }

    fn head_answered(&mut self, response: &HttpResponse) -> Result<(), UploadError> {
        match response.status {
            200..=299 => {}
            404 | 410 => {
                self.start_over();
                return Ok(());
            }
            status => return Err(self.refused(Action::Head, status)),
        }
        let offset = response
            .header(h::UPLOAD_OFFSET)
            .and_then(h::parse_u64)
            .ok_or(self.bad(Action::Head, "no valid Upload-Offset header"))?;
        let length = response.header(h::UPLOAD_LENGTH).and_then(h::parse_u64);
        if offset > self.length || length.is_some_and(|l| l != self.length) {
            // The server holds some other upload under this URL: make a new one.
            self.start_over();
            return Ok(());
        }
        self.offset = offset;
        self.needs_head = false;
        Ok(())
    }

    fn patched(
        &mut self,
        offset: u64,
        len: u64,
        response: &HttpResponse,
    ) -> Result<(), UploadError> {
        match response.status {
            200..=299 => {}
            409 => {
                // Offset mismatch: our offset is not the server's.
                self.needs_head = true;
                return Ok(());
            }
            h::CHECKSUM_MISMATCH => {
                self.checksum_failures += 1;
                if self.checksum_failures >= MAX_CHECKSUM_FAILURES {
                    return Err(UploadError::ChecksumRepeated(self.checksum_failures));
                }
                return Ok(());
            }
            404 | 410 => {
                self.start_over();
                return Ok(());
            }
            413 => return Err(self.too_large()),
            status => return Err(self.refused(Action::Patch { offset, len }, status)),
        }
        let new_offset = response
            .header(h::UPLOAD_OFFSET)
            .and_then(h::parse_u64)
            .ok_or(self.bad(
                Action::Patch { offset, len },
                "no valid Upload-Offset header",
            ))?;
        if new_offset > offset && new_offset <= offset + len {
            self.offset = new_offset;
            self.checksum_failures = 0;
        } else {
            // Not what was sent: believe only a fresh HEAD.
            self.needs_head = true;
        }
        Ok(())
    }

    /// The upload is gone on the server (expired, deleted, or another file): create anew.
    fn start_over(&mut self) {
        self.upload_url = None;
        self.offset = 0;
        self.needs_head = false;
        self.checksum_failures = 0;
    }

    fn refused(&self, action: Action, status: u16) -> UploadError {
        UploadError::Refused {
            during: action.during(),
            status,
        }
    }

    fn bad(&self, action: Action, problem: &'static str) -> UploadError {
        UploadError::BadResponse {
            during: action.during(),
            problem,
        }
    }

    fn too_large(&self) -> UploadError {
        match self.server.as_ref().and_then(|s| s.max_size) {
            Some(max) => UploadError::TooLarge {
                length: self.length,
                max,
            },
            None => UploadError::RefusedAsTooLarge(self.length),
        }
    }
}

/// Answers about the device or the server as a whole, not this request: the server is
/// full (507), the device is not registered (403) or its signature was refused (401).
pub(super) fn refusal_of_device(response: &HttpResponse) -> Option<UploadError> {
    match response.status {
        507 => Some(UploadError::ServerFull),
        403 => Some(UploadError::DeviceNotRegistered),
        401 => Some(UploadError::SignatureRefused(server_sentence(response))),
        _ => None,
    }
}

/// The server's one-sentence answer, shown as it is when it is short plain text (the
/// receiver's sentences carry no personal data); a fallback otherwise.
fn server_sentence(response: &HttpResponse) -> String {
    let text = String::from_utf8_lossy(&response.body);
    let text = text.trim();
    if !text.is_empty() && text.len() <= 300 && !text.chars().any(char::is_control) {
        text.to_string()
    } else {
        "check the device's clock and that its key is the one the bank registered".into()
    }
}

/// A chunk damaged this many times in a row stops the upload.
const MAX_CHECKSUM_FAILURES: u32 = 3;

/// Answers worth waiting out: locked by an older request still running (423), too many
/// requests (429), the server failing or restarting (5xx).
fn is_transient(status: u16) -> bool {
    matches!(status, 408 | 423 | 429) || (500..600).contains(&status)
}
