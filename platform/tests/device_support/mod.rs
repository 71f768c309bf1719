//! Registered devices for the receiver's tests: a signing key registered with a test bank,
//! requests signed with it (core's `Cunxin-Device-Signature`), and an HTTP transport for
//! core's upload driver.
#![allow(dead_code)]

use crate::bank_support::Bank;
use crate::support::{Answer, agent, send};
use cunxin_core::batch::{SigningKey, public_key_text};
use cunxin_core::upload::signature::sign_request;
use cunxin_core::upload::{HttpRequest, HttpResponse, HttpTransport, Method, TransportError};
use ureq::http;

pub struct Device {
    pub key: SigningKey,
}

impl Device {
    pub fn new() -> Device {
        Device {
            key: SigningKey::generate().unwrap(),
        }
    }

    /// A device the bank registered (its `.pub` in the devices folder).
    pub fn registered(bank: &Bank, name: &str) -> Device {
        let device = Device::new();
        std::fs::write(
            bank.devices_dir.join(format!("{name}.pub")),
            public_key_text(device.key.public_key(), name),
        )
        .unwrap();
        device
    }

    /// The header for a request signed at `time`.
    pub fn header_at(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        time: i64,
    ) -> String {
        let mut request = HttpRequest {
            method: method_of(method),
            url: url.to_string(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        };
        sign_request(&mut request, &self.key, time).unwrap();
        request
            .header("Cunxin-Device-Signature")
            .unwrap()
            .to_string()
    }

    /// One request signed now.
    pub fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let header = self.header_at(method, url, headers, body, now());
        let mut all = headers.to_vec();
        all.push(("Cunxin-Device-Signature", &header));
        send(method, url, &all, body)
    }

    /// Creates an upload of `length` bytes; its absolute URL.
    pub fn create(&self, base: &str, length: u64) -> String {
        let a = self.send(
            "POST",
            &format!("{base}/files/"),
            &[("Upload-Length", &length.to_string())],
            b"",
        );
        assert_eq!(a.status, 201, "{}", a.body);
        format!("{base}{}", a.header("Location").unwrap())
    }

    pub fn patch(&self, url: &str, offset: u64, chunk: &[u8]) -> Answer {
        self.send(
            "PATCH",
            url,
            &[
                ("Upload-Offset", &offset.to_string()),
                ("Content-Type", "application/offset+octet-stream"),
            ],
            chunk,
        )
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn method_of(method: &str) -> Method {
    match method {
        "OPTIONS" => Method::Options,
        "POST" => Method::Post,
        "HEAD" => Method::Head,
        "PATCH" => Method::Patch,
        _ => Method::Get,
    }
}

/// Core's upload driver over ureq (as the `cunxin` command does it).
pub struct Ureq;

impl HttpTransport for Ureq {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut b = http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (n, v) in &request.headers {
            b = b.header(n, v);
        }
        let r = match request.method {
            Method::Post | Method::Patch => agent().run(b.body(request.body).unwrap()),
            _ => agent().run(b.body(()).unwrap()),
        };
        let mut r = r.map_err(|e| TransportError(e.to_string()))?;
        let headers = r
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            r.body_mut().read_to_vec().unwrap_or_default()
        };
        Ok(HttpResponse {
            status: r.status().as_u16(),
            headers,
            body,
        })
    }
}
