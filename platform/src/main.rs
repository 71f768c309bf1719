//! `cunxin-platform --config platform.toml`: the bank's reference receiver;
//! `cunxin-platform --config platform.toml import DIR`: batches brought on a USB drive.

use clap::{Parser, Subcommand};
use cunxin_core::batch::Receipt;
use cunxin_platform::import::import_dir;
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
    /// The configuration file (TOML).
    #[arg(long)]
    config: PathBuf,
    /// Without a command: serve uploads over HTTP.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Take in the batches of a USB export folder; each answer is written beside its batch
    /// as <batch>.receipt.json for the device (`cunxin batch receipt`).
    Import { dir: PathBuf },
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
    let config = Config::load(&cli.config)?;
    if let Some(Command::Import { dir }) = cli.command {
        return import(&config, &dir);
    }
    let platform = Platform::new(&config)?;
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

fn import(config: &Config, dir: &std::path::Path) -> Result<(), String> {
    let keys = config.keys.as_ref().ok_or(
        "the configuration names no [keys]; the platform needs the bank's keys to open batches",
    )?;
    let intake = Intake::open(&config.data_dir, keys)?;
    for imported in import_dir(&intake, dir)? {
        let name = imported.batch_file.display();
        match &imported.outcome {
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
        println!("  answer: {}", imported.receipt_file.display());
    }
    Ok(())
}
