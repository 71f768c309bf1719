//! The platform on a background thread of its own, e.g. for `cunxin demo` and tests.
//! Dropping it (or [`BackgroundPlatform::kill`]) ends every task and connection at once,
//! as a crash would; the data folder is left as it is.

use crate::config::Config;
use crate::server::{Platform, serve};
use std::net::SocketAddr;

pub struct BackgroundPlatform {
    pub addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl BackgroundPlatform {
    /// Starts on the configuration's address (port 0: any free port).
    pub fn start(config: &Config) -> Result<BackgroundPlatform, String> {
        let platform = Platform::new(config)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the async runtime: {e}"))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(config.listen))
            .map_err(|e| format!("could not listen on {}: {e}", config.listen))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("could not read the listening address: {e}"))?;
        runtime.spawn(serve(listener, platform, std::future::pending()));
        Ok(BackgroundPlatform {
            addr,
            runtime: Some(runtime),
        })
    }

    /// The tus endpoint, e.g. `http://127.0.0.1:8080/files/`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/files/", self.addr)
    }

    /// Stops at once, without letting requests finish.
    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for BackgroundPlatform {
    fn drop(&mut self) {
        self.stop();
    }
}
