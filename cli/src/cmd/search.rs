//! `cunxin search [QUERY]`: people in the store by name, pinyin initials, ID or phone tail
//! or household number, with filters; masked lines, best matches first.

use crate::cmd::store::{StoreArgs, state_label};
use crate::cmd::visit::refused;
use crate::exit::{CmdResult, Outcome, print_json};
use crate::table::left;
use clap::Args;
use cunxin_core::store::SearchQuery;

#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Name, pinyin initials (wcm), last 4+ digits of an ID or phone, or household number;
    /// empty lists the households passing the filters.
    #[arg(default_value = "")]
    query: String,
    #[arg(long)]
    village: Option<String>,
    #[arg(long)]
    group: Option<String>,
    /// Only households in this state (repeatable): imported, reviewed, in_progress,
    /// finalized, sealed, uploaded, not_home, declined, ineligible.
    #[arg(long = "state")]
    states: Vec<String>,
    /// Only households not home whose revisit is due by this date or time.
    #[arg(long = "revisit-due")]
    revisit_due: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

impl SearchArgs {
    pub fn run(self) -> CmdResult {
        let query = SearchQuery {
            text: self.query,
            village: self.village,
            group: self.group,
            states: self.states,
            revisit_due_by: self.revisit_due,
            limit: self.limit,
        };
        let lines = match self.store.open()?.search(&query) {
            Ok(lines) => lines,
            Err(e) => return refused(e, self.json),
        };
        if self.json {
            print_json(&lines)?;
        } else {
            for l in &lines {
                println!(
                    "{} {} {} {} {} {}",
                    left(&l.household, 20),
                    left(&l.name_masked, 8),
                    left(&l.id_masked, 20),
                    left(&format!("{} {}", l.village, l.group), 16),
                    left(state_label(&l.state), 8),
                    if l.is_head { "户主" } else { "" }
                );
            }
            println!("共 {} 人 people found", lines.len());
        }
        Ok(Outcome::Clean)
    }
}
