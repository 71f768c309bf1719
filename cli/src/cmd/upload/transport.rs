//! The command line's HTTP for uploads: ureq, blocking, one pooled agent.

use cunxin_core::upload::{HttpRequest, HttpResponse, HttpTransport, Method, TransportError};
use std::time::Duration;
use ureq::http;

/// Answers longer than this are cut (tus answers are empty; a receipt is a few KB).
const MAX_ANSWER: u64 = 1 << 20;

pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            // The protocol reads every status itself.
            .http_status_as_error(false)
            // A PATCH must never be replayed at another address.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(15)))
            // A chunk on a weak rural link may take a while, but not stall forever.
            .timeout_per_write(Some(Duration::from_secs(60)))
            // The last chunk's answer waits for the platform to open the batch.
            .timeout_recv_response(Some(Duration::from_secs(300)))
            .timeout_recv_body(Some(Duration::from_secs(60)))
            .build();
        UreqTransport {
            agent: config.into(),
        }
    }
}

impl HttpTransport for UreqTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = |e: http::Error| TransportError(format!("the request could not be built: {e}"));
        let result = match request.method {
            Method::Post | Method::Patch => {
                self.agent.run(builder.body(request.body).map_err(built)?)
            }
            _ => self.agent.run(builder.body(()).map_err(built)?),
        };
        let mut response = result.map_err(|e| TransportError(format!("{e}")))?;
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
            .collect();
        let body = if request.method == Method::Head {
            Vec::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER)
                .read_to_vec()
                .map_err(|e| TransportError(format!("the answer could not be read: {e}")))?
        };
        Ok(HttpResponse {
            status: response.status().as_u16(),
            headers,
            body,
        })
    }
}
