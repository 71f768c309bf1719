//! `cunxin upload URL`: tus 1.0 upload of sealed batches (or, with `--file`, of any
//! file) to the bank platform. The protocol is core's ([`cunxin_core::upload`]); this
//! command adds ureq for HTTP, a state file per upload and progress on stderr.

mod progress;
mod saved;
mod transport;

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::upload::{DEFAULT_CHUNK_SIZE, RetryPolicy, TusUpload, UploadReport, upload_file};
use progress::ProgressLine;
use saved::SavedUpload;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use transport::UreqTransport;

#[derive(Args)]
pub struct UploadArgs {
    /// The store's directory (its sealed batches are uploaded).
    #[arg(long, required_unless_present = "file")]
    store: Option<PathBuf>,
    /// The store's key file: 32 raw bytes or 64 hex characters.
    #[arg(long = "key-file", required_unless_present = "file")]
    key_file: Option<PathBuf>,
    /// The platform's tus endpoint, e.g. http://bank.example:8080/files/
    url: String,
    /// Upload this file instead of the store's batches.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Bytes per chunk: what a cut costs at most.
    #[arg(long, default_value_t = DEFAULT_CHUNK_SIZE, value_parser = clap::value_parser!(u64).range(1..))]
    chunk_size: u64,
    /// Tries after a cut or a busy server before giving up (waits of 0, 0.5, 1, 2, 4, 8,
    /// 15 and 30 s; the count starts again whenever the upload moves forward).
    #[arg(long, default_value_t = 8)]
    retries: usize,
    #[arg(long)]
    json: bool,
}

/// One file's upload, as `--json` prints it.
#[derive(Serialize)]
struct UploadLine {
    file: String,
    #[serde(flatten)]
    report: UploadReport,
    seconds: f64,
    megabytes_per_second: f64,
}

#[derive(Serialize)]
struct UploadOutput {
    uploads: Vec<UploadLine>,
}

impl UploadArgs {
    pub fn run(self) -> CmdResult {
        let Some(file) = &self.file else {
            return Err(Fatal(
                "uploading a store's sealed batches needs sealing, which is not built yet; give --file to upload a file"
                    .into(),
            ));
        };
        let transport = UreqTransport::new();
        let metadata = BTreeMap::from([("filename".to_string(), file_name(file))]);
        let line = self.upload_one(&transport, file, metadata)?;
        self.finish(vec![line])
    }

    /// Uploads one file, resuming a saved upload of it; removes the state when done.
    fn upload_one(
        &self,
        transport: &UreqTransport,
        path: &Path,
        metadata: BTreeMap<String, String>,
    ) -> Result<UploadLine, Fatal> {
        let mut file = std::fs::File::open(path).map_err(|e| {
            Fatal(format!(
                "could not open the file to upload {}: {e}",
                path.display()
            ))
        })?;
        let meta = file
            .metadata()
            .map_err(|e| Fatal(format!("could not read {}: {e}", path.display())))?;
        let fingerprint = fingerprint(&meta);
        let saved = SavedUpload::next_to(path);
        let mut state = match saved.load(&self.url, meta.len(), &fingerprint) {
            Some(state) => state,
            None => {
                let mut state = TusUpload::new(&self.url, meta.len(), metadata)?
                    .with_chunk_size(self.chunk_size);
                state.fingerprint = Some(fingerprint);
                state
            }
        };
        let mut progress = ProgressLine::new(&file_name(path));
        let started = Instant::now();
        let report = upload_file(
            &mut state,
            &mut file,
            transport,
            &self.retry_policy(),
            |p| {
                if !self.json {
                    progress.show(p);
                }
            },
            |s| saved.save(s),
        )?;
        saved.remove()?;
        let seconds = started.elapsed().as_secs_f64();
        let sent_now = report.length - report.resumed_from;
        Ok(UploadLine {
            file: path.display().to_string(),
            megabytes_per_second: if seconds > 0.0 {
                sent_now as f64 / 1e6 / seconds
            } else {
                0.0
            },
            seconds,
            report,
        })
    }

    fn retry_policy(&self) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        let last = policy.delays.last().copied().unwrap_or_default();
        policy.delays.resize(self.retries, last);
        policy
    }

    fn finish(&self, uploads: Vec<UploadLine>) -> CmdResult {
        if self.json {
            print_json(&UploadOutput { uploads })?;
        } else {
            for u in &uploads {
                println!(
                    "已上传 uploaded {}: {:.1} MB in {:.1} s ({:.1} MB/s), {}",
                    u.file,
                    u.report.length as f64 / 1e6,
                    u.seconds,
                    u.megabytes_per_second,
                    u.report.upload_url
                );
            }
        }
        Ok(Outcome::Clean)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Tells a changed file from the one a saved upload began with, without reading it.
fn fingerprint(meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{modified}", meta.len())
}
