//! The device-signed request header: only tablets the bank registered may create and
//! continue uploads. Every request but `OPTIONS` carries
//!
//! ```text
//! Cunxin-Device-Signature: t=<unix seconds>; n=<nonce>; sig=<base64 of a .minisig text>
//! ```
//!
//! where the `.minisig` is the device's minisign (Ed25519) signature — the same key that
//! signs its batches — of the message
//!
//! ```text
//! cunxin-upload-1\n<METHOD>\n<path>\n<t>\n<nonce>\n<length>\n
//! ```
//!
//! `path` is the request URL's path (no query), `length` the bytes the request commits:
//! `Upload-Length` for a `POST` (what it reserves), the body's length otherwise (0 for
//! `HEAD` and `GET`). The nonce is 8 to 64 characters `[A-Za-z0-9_-]`, new for each
//! request; the receiver refuses a time outside its window and a nonce it has seen within
//! it, so a copied header cannot be played again. A stock tus client sends it as a custom
//! header computed per request (see the platform's README). The signature does not cover
//! the body: tus checksums and the batch's own signature do.

use super::http::{HttpRequest, HttpResponse, Method};
use super::transport::{HttpTransport, TransportError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The header's name.
pub const DEVICE_SIGNATURE: &str = "Cunxin-Device-Signature";
/// The first line of every signed message (the scheme's version).
pub const SIGNATURE_SCHEME: &str = "cunxin-upload-1";

/// Signs request messages with the device's key: the `.minisig` text of `message`.
pub trait RequestSigner: Send + Sync {
    fn sign_message(&self, message: &[u8]) -> Result<String, String>;
}

/// The message a request's signature covers.
pub fn signed_message(method: &str, path: &str, time: i64, nonce: &str, length: u64) -> String {
    format!("{SIGNATURE_SCHEME}\n{method}\n{path}\n{time}\n{nonce}\n{length}\n")
}

/// A parsed `Cunxin-Device-Signature` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub time: i64,
    pub nonce: String,
    /// The `.minisig` text.
    pub minisig: String,
}

impl SignatureHeader {
    pub fn to_value(&self) -> String {
        format!(
            "t={}; n={}; sig={}",
            self.time,
            self.nonce,
            STANDARD.encode(self.minisig.as_bytes())
        )
    }

    /// `None` when the value is not `t=…; n=…; sig=…` with a valid time, nonce and base64.
    pub fn parse(value: &str) -> Option<SignatureHeader> {
        let (mut time, mut nonce, mut sig) = (None, None, None);
        for part in value.split(';') {
            let (name, v) = part.trim().split_once('=')?;
            let slot = match name.trim() {
                "t" => &mut time,
                "n" => &mut nonce,
                "sig" => &mut sig,
                _ => return None,
            };
            if slot.replace(v.trim()).is_some() {
                return None;
            }
        }
        let time = time?.parse::<i64>().ok()?;
        let nonce = nonce?;
        if !valid_nonce(nonce) {
            return None;
        }
        let minisig = String::from_utf8(STANDARD.decode(sig?).ok()?).ok()?;
        Some(SignatureHeader {
            time,
            nonce: nonce.to_string(),
            minisig,
        })
    }
}

pub fn valid_nonce(nonce: &str) -> bool {
    (8..=64).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The bytes a request commits, as the signature names them.
pub fn signed_length(method: Method, upload_length: Option<u64>, body_length: u64) -> u64 {
    match method {
        Method::Post => upload_length.unwrap_or(0),
        _ => body_length,
    }
}

/// Adds the header to `request`, signed at `now` (unix seconds).
pub fn sign_request(
    request: &mut HttpRequest,
    signer: &dyn RequestSigner,
    now: i64,
) -> Result<(), TransportError> {
    let url = url::Url::parse(&request.url)
        .map_err(|_| TransportError(format!("{} is not a valid URL", request.url)))?;
    let upload_length = request
        .header(super::headers::UPLOAD_LENGTH)
        .and_then(super::headers::parse_u64);
    let length = signed_length(request.method, upload_length, request.body.len() as u64);
    let mut raw = [0u8; 12];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut raw);
    let nonce = hex::encode(raw);
    let message = signed_message(request.method.as_str(), url.path(), now, &nonce, length);
    let minisig = signer
        .sign_message(message.as_bytes())
        .map_err(|e| TransportError(format!("the request could not be signed: {e}")))?;
    let header = SignatureHeader {
        time: now,
        nonce,
        minisig,
    };
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(DEVICE_SIGNATURE));
    request
        .headers
        .push((DEVICE_SIGNATURE.to_string(), header.to_value()));
    Ok(())
}

/// A transport that signs every request but `OPTIONS` (discovery is open to all) with the
/// device's key before handing it on.
pub struct SignedTransport<'a, T: ?Sized> {
    inner: &'a T,
    signer: &'a dyn RequestSigner,
}

impl<'a, T: HttpTransport + ?Sized> SignedTransport<'a, T> {
    pub fn new(inner: &'a T, signer: &'a dyn RequestSigner) -> Self {
        SignedTransport { inner, signer }
    }
}

impl<T: HttpTransport + ?Sized> HttpTransport for SignedTransport<'_, T> {
    fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if request.method != Method::Options {
            sign_request(&mut request, self.signer, chrono::Utc::now().timestamp())?;
        }
        self.inner.send(request)
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::SigningKey;

    #[test]
    fn a_signed_request_carries_a_header_whose_signature_covers_its_message() {
        let key = SigningKey::generate().unwrap();
        let mut request = HttpRequest {
            method: Method::Patch,
            url: "http://bank.example:8080/files/abc?x=1".into(),
            headers: vec![],
            body: vec![7; 10],
        };
        sign_request(&mut request, &key, 1_700_000_000).unwrap();
        let header = SignatureHeader::parse(request.header(DEVICE_SIGNATURE).unwrap()).unwrap();
        assert_eq!(header.time, 1_700_000_000);
        let message = signed_message("PATCH", "/files/abc", header.time, &header.nonce, 10);
        let sig = minisign::SignatureBox::from_string(&header.minisig).unwrap();
        let verify = |m: &str| {
            minisign::verify(
                key.public_key(),
                &sig,
                std::io::Cursor::new(m.as_bytes()),
                true,
                false,
                false,
            )
        };
        verify(&message).unwrap();
        let other_length = signed_message("PATCH", "/files/abc", header.time, &header.nonce, 11);
        assert!(verify(&other_length).is_err());
    }

    #[test]
    fn malformed_header_values_are_not_parsed() {
        for bad in [
            "",
            "t=1; n=short; sig=AAAA",
            "t=x; n=0123456789; sig=AAAA",
            "t=1; n=0123456789; sig=***",
            "t=1; t=2; n=0123456789; sig=AAAA",
            "t=1; n=01234567 89; sig=AAAA",
        ] {
            assert_eq!(SignatureHeader::parse(bad), None, "{bad}");
        }
        assert!(SignatureHeader::parse("t=1; n=0123456789; sig=AAAA").is_some());
    }
}
