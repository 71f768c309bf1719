//! `cunxin`: the branch PC's command line. See shared/spec/cli.md for the contract.

mod cmd;
mod exit;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cunxin",
    version,
    about = "村信 Cunxin: whole-village credit granting, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check resident ID numbers (GB 11643-1999).
    #[command(subcommand)]
    Id(cmd::id::IdCommand),
    /// Check a village roster, or import it into a store.
    #[command(subcommand)]
    Roster(cmd::roster::RosterCommand),
    /// Score households with a scorecard.
    Score(cmd::score::ScoreArgs),
    /// Show or check scorecard definitions.
    #[command(subcommand)]
    Scorecard(cmd::scorecard::ScorecardCommand),
    /// The photo pipeline the tablet runs on every captured photo.
    #[command(subcommand)]
    Photo(cmd::photo::PhotoCommand),
    /// Seal, export and open batches for the bank.
    #[command(subcommand)]
    Batch(cmd::batch::BatchCommand),
    /// The device's public keys for the bank.
    #[command(subcommand)]
    Device(cmd::batch::DeviceCommand),
    /// Work packages from the bank's platform.
    #[command(subcommand)]
    Package(cmd::package::PackageCommand),
    /// Create a new encrypted store.
    Init(cmd::store::InitArgs),
    /// List the households of a store.
    #[command(subcommand)]
    Households(cmd::store::HouseholdsCommand),
    /// Show one household of a store, or reopen a finalized one for a correction.
    #[command(subcommand)]
    Household(cmd::store::HouseholdCommand),
    /// The review panel's back-to-back ratings.
    #[command(subcommand)]
    Review(cmd::review::ReviewCommand),
    /// Find people in a store by name, pinyin initials, ID/phone tail or household number.
    Search(cmd::search::SearchArgs),
    /// Upload sealed batches to the bank platform (tus).
    Upload(cmd::upload::UploadArgs),
    /// Village and town reports.
    #[command(subcommand)]
    Report(cmd::report::ReportCommand),
    /// Run the whole field workflow on a built-in sample village.
    Demo(cmd::demo::DemoArgs),
    /// Write the synthetic sample town the demo and the tests use.
    #[command(subcommand)]
    Sample(cmd::sample::SampleCommand),
}

fn main() -> ExitCode {
    // Piping into `head` must end the command quietly, as for any Unix tool, not panic.
    #[cfg(unix)]
    // SAFETY: restoring the default signal disposition before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Id(c) => c.run(),
        Command::Roster(c) => c.run(),
        Command::Score(c) => c.run(),
        Command::Scorecard(c) => c.run(),
        Command::Photo(c) => c.run(),
        Command::Batch(c) => c.run(),
        Command::Device(c) => c.run(),
        Command::Package(c) => c.run(),
        Command::Init(c) => c.run(),
        Command::Households(c) => c.run(),
        Command::Household(c) => c.run(),
        Command::Review(c) => c.run(),
        Command::Search(c) => c.run(),
        Command::Upload(c) => c.run(),
        Command::Report(c) => c.run(),
        Command::Demo(c) => c.run(),
        Command::Sample(c) => c.run(),
    };
    exit::finish(outcome)
}
