//! The HTTP a platform provides: one call, one request, one response.

use super::http::{HttpRequest, HttpResponse};

/// Sends one HTTP request and returns the server's answer, whatever its status.
///
/// An `Err` means there was no answer (connection refused, reset or cut, timeout); a
/// transport must not turn HTTP statuses into errors, nor follow redirects for `PATCH`.
/// It should keep connections alive between calls.
pub trait HttpTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// True once the caller wants the upload to stop: the driver asks before every request
    /// and before every wait, and stops with [`super::UploadError::Cancelled`].
    fn cancelled(&self) -> bool {
        false
    }
}

impl<T: HttpTransport + ?Sized> HttpTransport for &T {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request)
    }

    fn cancelled(&self) -> bool {
        (**self).cancelled()
    }
}

/// No answer came: why, in one sentence (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TransportError(pub String);
