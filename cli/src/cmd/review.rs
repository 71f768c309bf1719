//! `cunxin review add|show|status`: the panel's back-to-back review. A member's rating is
//! recorded once; the others' are shown only to a member who has submitted.

use crate::cmd::store::{StoreArgs, store_error};
use crate::cmd::visit::refused;
use crate::exit::{CmdResult, Outcome, print_json};
use clap::Subcommand;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::committee::{PanelRole, Rating};

fn parse_role(text: &str) -> Result<PanelRole, String> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|_| {
        format!(
            "'{text}' is not a panel seat; give village_cadre, group_leader, resident_representative or bank_manager"
        )
    })
}

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Record one panel member's independent rating of a household.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        member: String,
        /// The member's seat: village_cadre, group_leader, resident_representative or
        /// bank_manager.
        #[arg(long, value_parser = parse_role)]
        role: Option<PanelRole>,
        /// Suggested limit in yuan.
        #[arg(long, required_unless_present = "abstain")]
        limit: Option<i64>,
        /// Integrity 1 (poor) to 5 (excellent).
        #[arg(long, required_unless_present = "abstain")]
        integrity: Option<u8>,
        /// The household's business or farming, 1 (weak) to 5 (strong).
        #[arg(long)]
        business: Option<u8>,
        /// Estimated yearly income in yuan.
        #[arg(long)]
        income: Option<i64>,
        /// The member abstains (no limit, integrity, business or income).
        #[arg(long, conflicts_with_all = ["limit", "integrity", "business", "income"])]
        abstain: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Who has rated the household so far (names only).
    Status {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Every rating and the committee limit, for a member who has rated.
    Show {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        member: String,
        #[arg(long)]
        json: bool,
    },
}

impl ReviewCommand {
    pub fn run(self) -> CmdResult {
        match self {
            ReviewCommand::Add {
                store,
                id,
                member,
                role,
                limit,
                integrity,
                business,
                income,
                abstain,
                note,
                json,
            } => {
                let rating = Rating {
                    member,
                    role,
                    suggested_limit_yuan: if abstain { None } else { limit },
                    integrity: if abstain { None } else { integrity },
                    business: if abstain { None } else { business },
                    estimated_income_yuan: if abstain { None } else { income },
                    note,
                };
                match store.open()?.submit_rating(&HouseholdId(id), &rating) {
                    Ok(status) => {
                        if json {
                            print_json(&status)?;
                        } else {
                            println!(
                                "已评 rating recorded; {} member(s) have rated",
                                status.rated_by.len()
                            );
                        }
                        Ok(Outcome::Clean)
                    }
                    Err(e) => refused(e, json),
                }
            }
            ReviewCommand::Status { store, id, json } => {
                let status = store
                    .open()?
                    .panel_status(&HouseholdId(id))
                    .map_err(store_error)?;
                if json {
                    print_json(&status)?;
                } else {
                    println!("已评 rated by: {}", status.rated_by.join(", "));
                }
                Ok(Outcome::Clean)
            }
            ReviewCommand::Show {
                store,
                id,
                member,
                json,
            } => match store.open()?.panel_view(&HouseholdId(id), &member) {
                Ok(view) => {
                    if json {
                        print_json(&view)?;
                    } else {
                        for r in &view.ratings {
                            println!(
                                "  {:<12} {:>9} {:>3} {}",
                                r.member,
                                r.suggested_limit_yuan
                                    .map_or("弃权 abstains".into(), |l| l.to_string()),
                                r.integrity.map_or("-".into(), |i| i.to_string()),
                                r.note
                            );
                        }
                        let c = &view.committee;
                        println!(
                            "公议额度 committee limit {}{}",
                            c.limit_yuan
                                .map_or("- (fewer than 3 ratings)".into(), |l| format!("{l} yuan")),
                            if c.disputed {
                                ", 分歧大 disputed"
                            } else {
                                ""
                            }
                        );
                    }
                    Ok(Outcome::Clean)
                }
                Err(e) => refused(e, json),
            },
        }
    }
}
