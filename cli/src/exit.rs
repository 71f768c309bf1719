//! Exit codes of the contract: 0 success, 1 input problems reported, 2 usage or environment error.

use std::process::ExitCode;

/// What a command reports when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was fine.
    Clean,
    /// The input had problems, and they were reported.
    ProblemsReported,
}

/// A usage or environment error: one plain sentence saying what is wrong and what to do.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

pub type CmdResult = Result<Outcome, Fatal>;

pub fn finish(result: CmdResult) -> ExitCode {
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::ProblemsReported) => ExitCode::from(1),
        Err(Fatal(message)) => {
            eprintln!("cunxin: {message}");
            ExitCode::from(2)
        }
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Fatal> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Fatal(format!("could not write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
