//! Who may create and continue uploads: the devices the bank registered, by the
//! `Cunxin-Device-Signature` header (core's [`cunxin_core::upload::signature`]): a
//! minisign signature with the device's key over the method, path, time, nonce and
//! length, within a short window of the receiver's clock, each nonce once.

use super::answer;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cunxin_core::batch::key_id;
use cunxin_core::upload::signature::{DEVICE_SIGNATURE, SignatureHeader, signed_message};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The devices folder is read again at most this often (registering a tablet is dropping
/// its `.pub` file there, no restart).
const RELOAD: Duration = Duration::from_secs(2);

/// Nonces remembered at most; past it, requests are refused until old ones expire (a
/// registered device flooding the receiver cannot grow its memory without bound).
const MAX_NONCES: usize = 200_000;

pub struct DeviceAuth {
    devices_dir: PathBuf,
    window: i64,
    keys: Mutex<Option<(Instant, Vec<minisign::PublicKey>)>>,
    /// (key id, nonce) → the signed time, forgotten once out of the window.
    seen: Mutex<HashMap<(String, String), i64>>,
}

impl DeviceAuth {
    pub fn new(devices_dir: PathBuf, window: Duration) -> DeviceAuth {
        DeviceAuth {
            devices_dir,
            window: window.as_secs() as i64,
            keys: Mutex::new(None),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// The signing device's key id, or the answer refusing the request: 401 for a missing,
    /// malformed, stale, replayed or wrong signature, 403 for a key the bank never
    /// registered.
    pub fn check(
        &self,
        method: &str,
        path: &str,
        length: u64,
        headers: &HeaderMap,
    ) -> Result<String, Response> {
        let denied = |message: &str| Err(answer(StatusCode::UNAUTHORIZED, message));
        let Some(value) = headers.get(DEVICE_SIGNATURE) else {
            return denied(
                "this receiver takes uploads only from registered devices: sign each request (header Cunxin-Device-Signature; see the platform README)",
            );
        };
        let Some(header) = value.to_str().ok().and_then(SignatureHeader::parse) else {
            return denied(
                "the Cunxin-Device-Signature header is malformed; send t=<unix time>; n=<nonce>; sig=<base64 .minisig>",
            );
        };
        let now = chrono::Utc::now().timestamp();
        let skew = header.time - now;
        if skew.abs() > self.window {
            return denied(&format!(
                "the request was signed {} seconds {} the receiver's clock (at most {} allowed); set the device's date and time",
                skew.abs(),
                if skew > 0 { "ahead of" } else { "behind" },
                self.window
            ));
        }
        let Some(signature) = parse_minisig(&header.minisig) else {
            return denied("the signature in Cunxin-Device-Signature is not a minisign signature");
        };
        let Some(key) = self.key_for(signature.keynum()) else {
            return Err(answer(
                StatusCode::FORBIDDEN,
                "this device's key is not registered with the bank; have the branch register it (cunxin device key) first",
            ));
        };
        let message = signed_message(method, path, header.time, &header.nonce, length);
        let valid = minisign::verify(
            &key,
            &signature,
            std::io::Cursor::new(message.as_bytes()),
            true,
            false,
            false,
        )
        .is_ok();
        if !valid {
            return denied(
                "the request's signature does not match its method, path, time, nonce and length",
            );
        }
        let device = key_id(&key);
        if !self.first_use(&device, &header.nonce, header.time, now) {
            return denied("this signed request was already used; sign each request anew");
        }
        Ok(device)
    }

    /// Whether the nonce is new (and now remembered).
    fn first_use(&self, device: &str, nonce: &str, time: i64, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= MAX_NONCES / 2 {
            seen.retain(|_, t| (*t - now).abs() <= self.window);
        }
        if seen.len() >= MAX_NONCES {
            return false;
        }
        seen.insert((device.to_string(), nonce.to_string()), time)
            .is_none()
    }

    fn key_for(&self, keynum: &[u8]) -> Option<minisign::PublicKey> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let stale = keys.as_ref().is_none_or(|(at, _)| at.elapsed() > RELOAD);
        if stale {
            match crate::keys::registered_devices(&self.devices_dir) {
                Ok(loaded) => {
                    let loaded = loaded.into_iter().map(|device| device.key).collect();
                    *keys = Some((Instant::now(), loaded));
                }
                Err(e) => {
                    eprintln!("cunxin-platform: {e}");
                    *keys = Some((Instant::now(), Vec::new()));
                }
            }
        }
        keys.as_ref()?
            .1
            .iter()
            .find(|k| k.keynum() == keynum)
            .cloned()
    }
}

/// A `.minisig` text, refused unless its global signature is 64 bytes (minisign 0.10's
/// `verify` panics on another length).
fn parse_minisig(text: &str) -> Option<minisign::SignatureBox> {
    use base64::Engine;
    let global = text.lines().nth(3)?.trim();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(global)
        .ok()?;
    if decoded.len() != 64 {
        return None;
    }
    minisign::SignatureBox::from_string(text).ok()
}
