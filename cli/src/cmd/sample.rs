//! `cunxin sample village DIR`: writes the synthetic sample town the demo and the end-to-end
//! tests use (an addition to the contract).

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Subcommand;
use cunxin_sample::{DEFAULT_SEED, SampleVillage};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SampleCommand {
    /// Write the sample villages (roster, department records, panel, field-day script,
    /// drawn photos and signatures) into DIR.
    Village {
        dir: PathBuf,
        /// The same seed writes the same sample.
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
}

impl SampleCommand {
    pub fn run(self) -> CmdResult {
        let SampleCommand::Village { dir, seed, json } = self;
        let sample = SampleVillage::generate(seed);
        sample.write(&dir).map_err(|e| {
            Fatal(format!(
                "could not write the sample into {}: {e}",
                dir.display()
            ))
        })?;
        let script = &sample.script;
        if json {
            print_json(&json!({
                "dir": dir,
                "seed": seed,
                "households": script.households.len(),
                "problems": sample.problems,
            }))?;
        } else {
            println!(
                "样本村 sample written to {}: {} {}, {} households in the script, {} planted problems",
                dir.display(),
                script.town,
                script.villages.join("、"),
                script.households.len(),
                sample.problems.len()
            );
        }
        Ok(Outcome::Clean)
    }
}
