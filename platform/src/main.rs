//! `cunxin-platform --config platform.toml`: the bank's reference receiver;
//! `cunxin-platform --config platform.toml import DIR`: batches brought on a USB drive;
//! `cunxin-platform keygen DIR`: the platform's receipt-signing key pair.

use clap::{Parser, Subcommand};
use cunxin_core::batch::{Receipt, SigningKey, public_key_text};
use cunxin_platform::import::{Decision, import_dir};
use cunxin_platform::intake::{Intake, Outcome};
use cunxin_platform::{Config, Platform, serve};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cunxin-platform",
    version,
    about = "村信 Cunxin platform: receives sealed batches over tus 1.0"
)]
struct Cli {
    /// The configuration file (TOML); needed to serve and to import.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Without a command: serve uploads over HTTP.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Take in the batches of a USB export folder; each answer is written beside its batch
    /// as <batch>.receipt.json for the device (`cunxin batch receipt`).
    Import { dir: PathBuf },
    /// List the households the platform holds and the ones it returned, masked; with
    /// --json --reveal, each accepted household's whole record (for the bank's systems).
    Households {
        #[arg(long)]
        json: bool,
        /// Include the records in full (names, ID numbers, facts): mind where the output goes.
        #[arg(long, requires = "json")]
        reveal: bool,
    },
    /// Write a new receipt-signing key pair into DIR: platform.key (secret, owner-only; name
    /// it as keys.platform_key) and platform.pub (give it to the devices).
    Keygen { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cunxin-platform: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Some(Command::Keygen { dir }) = &cli.command {
        return keygen(dir);
    }
    let config = cli
        .config
        .ok_or("give the configuration file with --config (see platform/platform.example.toml)")?;
    let config = Config::load(&config)?;
    match cli.command {
        Some(Command::Import { dir }) => return import(&config, &dir),
        Some(Command::Households { json, reveal }) => return households(&config, json, reveal),
        _ => {}
    }
    let platform = Platform::new(&config)?;
    if platform.is_open() {
        eprintln!(
            "cunxin-platform: warning: no [keys] and so no registered devices: anyone who reaches this address may upload; use it on a closed network for trials only"
        );
    }
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| format!("could not listen on {}: {e}", config.listen))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("could not read the listening address: {e}"))?;
        println!("cunxin-platform: listening on http://{addr}/files/");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        serve(listener, platform, shutdown)
            .await
            .map_err(|e| format!("the HTTP service stopped: {e}"))
    })
}

fn households(config: &Config, json: bool, reveal: bool) -> Result<(), String> {
    let keys = config.keys.as_ref().ok_or(
        "the configuration names no [keys]; the platform holds households only once it has the bank's keys",
    )?;
    let mut holdings = Intake::open(&config.data_dir, keys)?.holdings()?;
    if json {
        if !reveal {
            for held in &mut holdings.accepted {
                held.record = serde_json::Value::Null;
            }
        }
        let text = serde_json::to_string_pretty(&holdings)
            .map_err(|e| format!("could not write JSON: {e}"))?;
        println!("{text}");
        return Ok(());
    }
    let unknown = || "(record unreadable)".to_string();
    for held in &holdings.accepted {
        let line = held.masked.clone().unwrap_or_else(unknown);
        println!("accepted {} {}  {line}", held.batch_id, held.household_id);
    }
    for returned in &holdings.returned {
        let line = returned.masked.clone().unwrap_or_else(unknown);
        println!(
            "returned {} {}  {line}: {}",
            returned.batch_id, returned.household_id, returned.reason
        );
    }
    println!(
        "{} accepted, {} returned",
        holdings.accepted.len(),
        holdings.returned.len()
    );
    Ok(())
}

fn import(config: &Config, dir: &std::path::Path) -> Result<(), String> {
    let keys = config.keys.as_ref().ok_or(
        "the configuration names no [keys]; the platform needs the bank's keys to open batches",
    )?;
    let intake = Intake::open(&config.data_dir, keys)?;
    let mut undecided = 0;
    for imported in import_dir(&intake, dir)? {
        let name = imported.batch_file.display();
        let (outcome, receipt_file) = match &imported.decision {
            Decision::Answered {
                outcome,
                receipt_file,
            } => (outcome, receipt_file),
            Decision::Undecided(trouble) => {
                undecided += 1;
                println!("not decided {name}: {trouble}");
                continue;
            }
        };
        match outcome {
            Outcome::Receipt(signed) => match serde_json::from_str::<Receipt>(&signed.json) {
                Ok(r) => println!(
                    "received {name}: {} accepted, {} rejected",
                    r.accepted.len(),
                    r.rejected.len()
                ),
                Err(_) => println!("received {name}"),
            },
            Outcome::Refused(reason) => println!("refused {name}: {reason}"),
        }
        println!("  answer: {}", receipt_file.display());
    }
    if undecided > 0 {
        return Err(format!(
            "{undecided} batch(es) could not be decided for the platform's own trouble (above); mend it and import the folder again"
        ));
    }
    Ok(())
}

fn keygen(dir: &std::path::Path) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let key = SigningKey::generate().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let secret = dir.join("platform.key");
    let public = dir.join("platform.pub");
    let text = key.secret_key_text().map_err(|e| e.to_string())?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&secret)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(|e| {
            format!(
                "could not write {} (it must not exist yet): {e}",
                secret.display()
            )
        })?;
    let comment = format!("Cunxin platform receipt key {}", key.key_id());
    std::fs::write(&public, public_key_text(key.public_key(), &comment))
        .map_err(|e| format!("could not write {}: {e}", public.display()))?;
    println!(
        "platform key {}: {} (secret), {}",
        key.key_id(),
        secret.display(),
        public.display()
    );
    Ok(())
}
