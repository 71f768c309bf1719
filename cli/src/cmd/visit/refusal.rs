//! `cunxin household refuse-consent ID --kind K --signer S --reason R`: the resident refused a
//! consent (a later `household consent` replaces the refusal).

use super::refused;
use crate::cmd::store::StoreArgs;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::Args;
use cunxin_core::model::HouseholdId;
use cunxin_core::store::{ConsentKind, masked_household};

#[derive(Args)]
pub struct RefuseConsentArgs {
    #[command(flatten)]
    store: StoreArgs,
    id: String,
    /// personal_info or credit_inquiry.
    #[arg(long)]
    kind: String,
    /// The member who refused.
    #[arg(long)]
    signer: String,
    /// Why, in the resident's words.
    #[arg(long)]
    reason: String,
    #[arg(long)]
    json: bool,
}

impl RefuseConsentArgs {
    pub fn run(self) -> CmdResult {
        let kind = ConsentKind::parse(&self.kind).ok_or_else(|| {
            Fatal(format!(
                "'{}' is not a consent kind; give personal_info or credit_inquiry",
                self.kind
            ))
        })?;
        let mut store = self.store.open()?;
        let id = HouseholdId(self.id);
        match store.refuse_consent(&id, kind, &self.signer, &self.reason) {
            Ok(()) => {
                if self.json {
                    print_json(
                        &serde_json::json!({ "household": id.0, "refused": kind.as_str() }),
                    )?;
                } else {
                    println!(
                        "拒签 consent {} refused for household {}",
                        kind.as_str(),
                        masked_household(&id)
                    );
                }
                Ok(Outcome::Clean)
            }
            Err(e) => refused(e, self.json),
        }
    }
}
