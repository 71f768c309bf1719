//! Putting the service together and running it.

use crate::config::Config;
use crate::intake::Intake;
use crate::tus::{Tus, store::UploadStore};
use axum::Router;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The platform's service, built from its configuration.
pub struct Platform {
    router: Router,
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
        let tus = Arc::new(Tus {
            uploads,
            max_size: config.max_upload_bytes,
            intake,
        });
        Ok(Platform {
            router: crate::tus::router(tus),
        })
    }

    pub fn router(&self) -> Router {
        self.router.clone()
    }
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    platform: Platform,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, platform.router())
        .with_graceful_shutdown(shutdown)
        .await
}
