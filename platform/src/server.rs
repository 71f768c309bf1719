//! Putting the service together and running it: the receiver's own HTTP/1 connections,
//! so it can bound them — headers must arrive within the header timeout (a kept-alive
//! connection that sends nothing is closed after it too), at most `max_connections` are
//! served at once (more are answered 503 at once and closed), and abandoned uploads are
//! removed on a timer.

use crate::config::Config;
use crate::intake::Intake;
use crate::tus::auth::DeviceAuth;
use crate::tus::{Tus, store::UploadStore};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The platform's service, built from its configuration.
pub struct Platform {
    router: Router,
    tus: Arc<Tus>,
}

impl Platform {
    /// Opens the data folder and loads the keys; a sentence saying what is wrong if not.
    pub fn new(config: &Config) -> Result<Platform, String> {
        let uploads_dir = config.data_dir.join("uploads");
        let uploads = UploadStore::open(&uploads_dir).map_err(|e| {
            format!(
                "could not open the uploads folder {}: {e}",
                uploads_dir.display()
            )
        })?;
        let intake = match &config.keys {
            Some(keys) => Some(Arc::new(Intake::open(&config.data_dir, keys)?)),
            None => None,
        };
        let limits = config.limits.clone();
        let auth = config.keys.as_ref().map(|keys| {
            DeviceAuth::new(
                keys.devices_dir.clone(),
                Duration::from_secs(limits.signature_window_seconds),
            )
        });
        let tus = Arc::new(Tus {
            uploads,
            max_size: config.max_upload_bytes,
            intake,
            auth,
            file_writes: Arc::new(Semaphore::new(limits.file_writes.max(1))),
            intakes: Semaphore::new(limits.concurrent_intakes.max(1)),
            limits,
        });
        Ok(Platform {
            router: crate::tus::router(tus.clone()),
            tus,
        })
    }

    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Whether anyone who reaches the receiver may upload (no devices folder configured).
    pub fn is_open(&self) -> bool {
        self.tus.auth.is_none()
    }
}

/// How often abandoned uploads are looked for, at most.
const SWEEP: Duration = Duration::from_secs(60);

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    platform: Platform,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = platform.tus.limits.clone();
    let sweeper = tokio::spawn(sweep(platform.tus.clone()));
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let header_timeout = Duration::from_secs(limits.header_timeout_seconds.max(1));
    tokio::pin!(shutdown);
    let result = loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, then accept again.
                Err(e) => {
                    eprintln!("cunxin-platform: could not accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break Ok(()),
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(turn_away(stream));
            continue;
        };
        let router = platform.router.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let _ = stream.set_nodelay(true);
            let service = hyper::service::service_fn(move |request| {
                router.clone().oneshot(request.map(axum::body::Body::new))
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            // A connection that ends badly (cut, timed out) needs no report.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    };
    sweeper.abort();
    result
}

/// Past the connection limit: a short 503 (clients retry) instead of a wait in the
/// kernel's backlog.
async fn turn_away(mut stream: TcpStream) {
    let body = "the receiver is serving as many connections as it may; try again shortly\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nTus-Resumable: 1.0.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

async fn sweep(tus: Arc<Tus>) {
    let every = SWEEP.min(Duration::from_secs(
        (tus.limits.abandoned_after_seconds / 4).max(1),
    ));
    loop {
        let removed = tus.remove_abandoned().await;
        if removed > 0 {
            println!("cunxin-platform: removed {removed} abandoned uploads");
        }
        tokio::time::sleep(every).await;
    }
}
