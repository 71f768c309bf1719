//! `cunxin-platform --config platform.toml`: the bank's reference receiver.

use clap::Parser;
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
