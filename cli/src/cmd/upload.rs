//! `cunxin upload URL`: tus 1.0 upload of sealed batches (or, with `--file`, of any
//! file) to the bank platform. The protocol is core's ([`cunxin_core::upload`]); this
//! command adds ureq for HTTP, a state file per upload and progress on stderr.

mod progress;
pub(crate) mod transport;

use crate::cmd::handover::{BatchHandOver, all_settled, print_hand_over, read_platform_key};
use crate::cmd::store::StoreArgs;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::batch::hand_over_all;
use cunxin_core::store::Store;
use cunxin_core::upload::{Progress, RetryPolicy, UploadOptions, UploadReport, upload_path};
use progress::ProgressLine;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use transport::UreqTransport;

/// Tries after a cut, unless told otherwise (about a minute of waiting in all).
const DEFAULT_RETRIES: usize = 8;

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
    /// The platform's minisign public key: only receipts it signed are believed.
    #[arg(long = "platform-key", required_unless_present = "file")]
    platform_key: Option<PathBuf>,
    /// Upload this file instead of the store's batches.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Bytes per chunk: what a cut costs at most. Without it chunks follow the measured
    /// link: about 4 s each on the wire, 256 KiB to 8 MiB.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    chunk_size: Option<u64>,
    /// Tries after a cut or a busy server before giving up (waits of 0, 0.5, 1, 2, 4, 8,
    /// 15 and 30 s; the count starts again whenever the upload moves forward).
    #[arg(long, default_value_t = DEFAULT_RETRIES)]
    retries: usize,
    #[arg(long)]
    json: bool,
}

/// One file's upload, as `--json` prints it.
#[derive(Serialize)]
pub(crate) struct UploadLine {
    file: String,
    #[serde(flatten)]
    pub(crate) report: UploadReport,
    seconds: f64,
    megabytes_per_second: f64,
}

impl UploadLine {
    fn of(path: &Path, report: UploadReport, elapsed: Duration) -> UploadLine {
        let seconds = elapsed.as_secs_f64();
        let sent_now = report.length - report.resumed_from;
        UploadLine {
            file: path.display().to_string(),
            megabytes_per_second: if seconds > 0.0 {
                sent_now as f64 / 1e6 / seconds
            } else {
                0.0
            },
            seconds,
            report,
        }
    }
}

#[derive(Serialize)]
struct UploadOutput {
    uploads: Vec<UploadLine>,
    batches: Vec<BatchHandOver>,
}

impl UploadArgs {
    pub fn run(self) -> CmdResult {
        let transport = UreqTransport::new();
        let Some(file) = &self.file else {
            return self.hand_over_store(&transport);
        };
        let metadata = BTreeMap::from([("filename".to_string(), file_name(file))]);
        let line = self.upload_one(&transport, file, metadata)?;
        self.finish(vec![line], Vec::new())
    }

    /// `cunxin upload --store`: opens the store and hands its waiting batches over.
    fn hand_over_store(&self, transport: &UreqTransport) -> CmdResult {
        let (Some(store), Some(key_file), Some(platform_key)) =
            (&self.store, &self.key_file, &self.platform_key)
        else {
            return Err(Fatal(
                "give --store, --key-file and --platform-key (the platform's minisign public key), or --file".into(),
            ));
        };
        let platform_key = read_platform_key(platform_key)?;
        let mut store = StoreArgs {
            store: store.clone(),
            key_file: key_file.clone(),
        }
        .open()?;
        let (uploads, hand_overs) = self.hand_over(&mut store, &platform_key, transport)?;
        self.finish(uploads, hand_overs)
    }

    /// Uploads every sealed batch still waiting, takes each receipt, and purges what the
    /// platform accepted (the core's hand-over, as the app runs it).
    pub(crate) fn hand_over(
        &self,
        store: &mut Store,
        platform_key: &minisign::PublicKey,
        transport: &UreqTransport,
    ) -> Result<(Vec<UploadLine>, Vec<BatchHandOver>), Fatal> {
        let mut shown: Option<(String, ProgressLine)> = None;
        let done = hand_over_all(
            &Mutex::new(store),
            &self.url,
            transport,
            &self.options(),
            |p| {
                if self.json {
                    return;
                }
                let line = match &mut shown {
                    Some((batch_id, line)) if *batch_id == p.batch_id => line,
                    _ => {
                        let line = ProgressLine::new(&p.batch_id);
                        &mut shown.insert((p.batch_id.clone(), line)).1
                    }
                };
                line.show(Progress {
                    offset: p.offset,
                    length: p.length,
                });
            },
            platform_key,
        )?;
        Ok(done
            .into_iter()
            .map(|d| {
                (
                    UploadLine::of(&d.batch.path, d.report, d.elapsed),
                    BatchHandOver {
                        batch_id: d.batch.batch_id,
                        result: d.hand_over,
                    },
                )
            })
            .unzip())
    }

    /// The upload of a store's batches to `url` with the defaults and no progress line
    /// (the demo's).
    pub(crate) fn quiet(url: String) -> UploadArgs {
        UploadArgs {
            store: None,
            key_file: None,
            url,
            platform_key: None,
            file: None,
            chunk_size: None,
            retries: DEFAULT_RETRIES,
            json: true,
        }
    }

    /// Uploads one file, resuming a saved upload of it.
    fn upload_one(
        &self,
        transport: &UreqTransport,
        path: &Path,
        metadata: BTreeMap<String, String>,
    ) -> Result<UploadLine, Fatal> {
        let mut progress = ProgressLine::new(&file_name(path));
        let started = Instant::now();
        let report = upload_path(path, &self.url, metadata, transport, &self.options(), |p| {
            if !self.json {
                progress.show(p);
            }
        })?;
        Ok(UploadLine::of(path, report, started.elapsed()))
    }

    fn options(&self) -> UploadOptions {
        let chunks = match self.chunk_size {
            Some(size) => UploadOptions::fixed_chunks(size),
            None => UploadOptions::default(),
        };
        UploadOptions {
            retry: self.retry_policy(),
            ..chunks
        }
    }

    fn retry_policy(&self) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        let last = policy.delays.last().copied().unwrap_or_default();
        policy.delays.resize(self.retries, last);
        policy
    }

    fn finish(&self, uploads: Vec<UploadLine>, batches: Vec<BatchHandOver>) -> CmdResult {
        let settled = all_settled(&batches);
        if self.json {
            print_json(&UploadOutput { uploads, batches })?;
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
            for b in &batches {
                print_hand_over(b);
            }
            if self.file.is_none() && batches.is_empty() {
                println!("没有待上传的批次 / no sealed batch is waiting for upload");
            }
        }
        Ok(if settled {
            Outcome::Clean
        } else {
            Outcome::ProblemsReported
        })
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
