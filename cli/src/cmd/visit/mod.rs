//! The visit from the command line, one command per user action, each calling the core's
//! use case the app calls: `cunxin household detail|verify|correct|member …|not-home|
//! decline|ineligible|resume|facts|estimate|decide|photo …|consent|checklist|finalize`.
//!
//! Output is masked (names, ID numbers, phones) unless `--reveal`. A refused action (a
//! bad value, a state that does not allow it) is exit 1 with one sentence; a missing store
//! or wrong key exit 2.

mod detail;
pub mod facts;
pub mod photos;
mod refusal;

use crate::cmd::score::load_scorecard;
use crate::cmd::store::{StoreArgs, store_error};
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use clap::{Args, Subcommand};
use cunxin_core::model::{HouseholdField, HouseholdId, MemberField};
use cunxin_core::scoring::Scorecard;
use cunxin_core::scoring::reconcile::GapDecision;
use cunxin_core::store::{
    ConsentInput, ConsentKind, FieldRef, NewMember, Store, StoreError, describe_missing,
    masked_household,
};
use std::path::PathBuf;

/// The visit commands of `cunxin household`.
#[derive(Subcommand)]
pub enum VisitCommand {
    /// Every roster field of every member, with what was verified or corrected.
    Detail {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        json: bool,
        /// Show names, ID numbers and phones in full.
        #[arg(long)]
        reveal: bool,
    },
    /// Confirm fields as the roster has them: `address`, `land`, or `POSITION.FIELD`
    /// (e.g. `0.phone`); `--all` confirms every field not checked yet.
    Verify {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        fields: Vec<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Correct one field (the roster's value is kept beside the correction).
    Correct {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        /// `address`, `land`, or `POSITION.FIELD` (fields: name, id_number, relation, sex,
        /// ethnicity, birth_date, phone, education, occupation, health, marital_status).
        field: String,
        value: String,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add or remove a member, or change the head.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Nobody was home: revisit later.
    NotHome {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        reason: String,
        /// When to come back: a date (2026-12-03) or an RFC 3339 time.
        #[arg(long)]
        revisit: Option<String>,
    },
    /// The resident declined.
    Decline {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// The household fails the basic conditions.
    Ineligible {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Back to the visit from not home, declined or ineligible.
    Resume {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
    },
    /// The visit form: set facts (`--set fact=value`, the value as JSON or plain text) and
    /// show what is still needed.
    Facts(facts::FactsArgs),
    /// Score the saved facts and record the estimate as shown to the resident.
    Estimate {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[command(flatten)]
        card: CardArgs,
        /// The loan prime rate in percent (the scorecard's default otherwise).
        #[arg(long)]
        lpr: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// Settle a large gap between the model and committee limits: reason and amount.
    Decide {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        reason: String,
        /// The chosen limit in yuan, between the two limits.
        #[arg(long)]
        amount: i64,
        #[command(flatten)]
        card: CardArgs,
        #[arg(long)]
        json: bool,
    },
    /// Photos: take one into the store, list them, the checklist.
    #[command(subcommand)]
    Photo(photos::PhotoCommand),
    /// Record a signed consent with its signature image (PNG).
    Consent(ConsentArgs),
    /// Record that the resident refused a consent, and why.
    RefuseConsent(refusal::RefuseConsentArgs),
    /// What is still missing before the visit can be finalized.
    Checklist {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[command(flatten)]
        card: CardArgs,
        #[arg(long)]
        json: bool,
    },
    /// Finalize the visit (refused, with the checklist, while anything is missing).
    Finalize {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[command(flatten)]
        card: CardArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Add a member the roster does not list (sex and birth date from the ID number).
    Add {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long = "id-number")]
        id_number: String,
        /// Relation to the head (配偶, 女儿 …).
        #[arg(long)]
        relation: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        ethnicity: Option<String>,
    },
    /// Remove a member (kept beside the household with the reason).
    Remove {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        position: u32,
        #[arg(long)]
        reason: String,
    },
    /// Make the member at POSITION the head.
    Head {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        position: u32,
        #[arg(long)]
        reason: String,
    },
}

/// The scorecard: `--scorecard NAME|FILE`, else the one chosen for the store.
#[derive(Args, Clone)]
pub struct CardArgs {
    #[arg(long)]
    pub scorecard: Option<String>,
}

impl CardArgs {
    pub fn card(&self, store: &Store) -> Result<Scorecard, Fatal> {
        match &self.scorecard {
            Some(name) => load_scorecard(name),
            None => store.require_scorecard().map_err(store_error),
        }
    }
}

#[derive(Args)]
pub struct ConsentArgs {
    #[command(flatten)]
    store: StoreArgs,
    id: String,
    /// personal_info or credit_inquiry.
    #[arg(long)]
    kind: String,
    /// The version of the consent text the resident signed.
    #[arg(long = "text-version")]
    text_version: String,
    /// SHA-256 (hex) of that text.
    #[arg(long = "text-sha256")]
    text_sha256: String,
    /// The member who signed.
    #[arg(long)]
    signer: String,
    /// The signature image (PNG).
    #[arg(long)]
    signature: PathBuf,
    #[arg(long)]
    place: Option<String>,
    /// When it was signed (RFC 3339); now when absent.
    #[arg(long = "signed-at")]
    signed_at: Option<String>,
    #[arg(long)]
    json: bool,
}

/// A refused action: exit 1 with its sentence (and `{"error": …}` with `--json`).
/// Environment failures stay exit 2.
pub(crate) fn refused(e: StoreError, json: bool) -> CmdResult {
    match e {
        StoreError::InvalidInput(_) | StoreError::NotAllowed(_) | StoreError::AlreadyExists(_) => {
            let message = e.to_string();
            if json {
                print_json(&serde_json::json!({ "error": message }))?;
            }
            eprintln!("cunxin: {message}");
            Ok(Outcome::ProblemsReported)
        }
        other => Err(store_error(other)),
    }
}

/// `address`, `land`, or `POSITION.FIELD`.
pub(crate) fn parse_field(text: &str) -> Result<FieldRef, Fatal> {
    if let Some(field) = HouseholdField::parse(text) {
        return Ok(FieldRef::Household { field });
    }
    let bad = || {
        Fatal(format!(
            "'{text}' is not a field; give address, land, or POSITION.FIELD such as 0.phone (fields: {})",
            MemberField::ALL.map(|f| f.as_str()).join(", ")
        ))
    };
    let (position, field) = text.split_once('.').ok_or_else(bad)?;
    Ok(FieldRef::Member {
        position: position.parse().map_err(|_| bad())?,
        field: MemberField::parse(field).ok_or_else(bad)?,
    })
}

fn state_done(id: &HouseholdId, state: cunxin_core::model::LifecycleState) -> CmdResult {
    println!(
        "household {} is now {} {}",
        masked_household(id),
        crate::cmd::store::state_label(&state),
        state.name()
    );
    Ok(Outcome::Clean)
}

impl VisitCommand {
    pub fn run(self) -> CmdResult {
        match self {
            VisitCommand::Detail {
                store,
                id,
                json,
                reveal,
            } => {
                let detail = store
                    .open()?
                    .household_detail(&HouseholdId(id))
                    .map_err(store_error)?;
                detail::print(&detail, json, reveal)
            }
            VisitCommand::Verify {
                store,
                id,
                fields,
                all,
                json,
            } => {
                let mut opened = store.open()?;
                let id = HouseholdId(id);
                if fields.is_empty() && !all {
                    return Err(Fatal(
                        "name the fields to verify (address, 0.phone …) or give --all".into(),
                    ));
                }
                let mut last = None;
                for field in &fields {
                    match opened.verify_field(&id, parse_field(field)?) {
                        Ok(d) => last = Some(d),
                        Err(e) => return refused(e, json),
                    }
                }
                if all {
                    match opened.verify_remaining(&id) {
                        Ok(d) => last = Some(d),
                        Err(e) => return refused(e, json),
                    }
                }
                match last {
                    Some(d) => detail::print(&d, json, false),
                    None => Ok(Outcome::Clean),
                }
            }
            VisitCommand::Correct {
                store,
                id,
                field,
                value,
                reason,
                json,
            } => {
                let field = parse_field(&field)?;
                match store.open()?.correct_field(
                    &HouseholdId(id),
                    field,
                    &value,
                    reason.as_deref(),
                ) {
                    Ok(d) => detail::print(&d, json, false),
                    Err(e) => refused(e, json),
                }
            }
            VisitCommand::Member(command) => command.run(),
            VisitCommand::NotHome {
                store,
                id,
                reason,
                revisit,
            } => {
                let id = HouseholdId(id);
                match store
                    .open()?
                    .mark_not_home(&id, &reason, revisit.as_deref())
                {
                    Ok(state) => state_done(&id, state),
                    Err(e) => refused(e, false),
                }
            }
            VisitCommand::Decline { store, id, reason } => {
                let id = HouseholdId(id);
                match store.open()?.mark_declined(&id, &reason) {
                    Ok(state) => state_done(&id, state),
                    Err(e) => refused(e, false),
                }
            }
            VisitCommand::Ineligible { store, id, reason } => {
                let id = HouseholdId(id);
                match store.open()?.mark_ineligible(&id, &reason) {
                    Ok(state) => state_done(&id, state),
                    Err(e) => refused(e, false),
                }
            }
            VisitCommand::Resume { store, id } => {
                let id = HouseholdId(id);
                match store.open()?.resume_visit(&id) {
                    Ok(state) => state_done(&id, state),
                    Err(e) => refused(e, false),
                }
            }
            VisitCommand::Facts(args) => args.run(),
            VisitCommand::Estimate {
                store,
                id,
                card,
                lpr,
                json,
            } => {
                let mut opened = store.open()?;
                let card = card.card(&opened)?;
                let options = cunxin_core::scoring::ScoringOptions { lpr_percent: lpr };
                match opened.show_estimate(&HouseholdId(id), &card, options) {
                    Ok(shown) => facts::print_estimate(&card, &shown, json),
                    Err(e) => refused(e, json),
                }
            }
            VisitCommand::Decide {
                store,
                id,
                reason,
                amount,
                card,
                json,
            } => {
                let mut opened = store.open()?;
                let card = card.card(&opened)?;
                let decision = GapDecision {
                    reason,
                    amount_yuan: amount,
                };
                match opened.decide_gap(&HouseholdId(id), &decision, &card) {
                    Ok(r) => {
                        if json {
                            print_json(&r)?;
                        } else {
                            println!(
                                "核定 proposed limit {} yuan (model {}, committee {}, cap {})",
                                r.proposed_limit_yuan,
                                r.model_limit_yuan,
                                r.committee_limit_yuan.map_or("-".into(), |c| c.to_string()),
                                r.cap_yuan.map_or("none".into(), |c| c.to_string())
                            );
                        }
                        Ok(Outcome::Clean)
                    }
                    Err(e) => refused(e, json),
                }
            }
            VisitCommand::Photo(command) => command.run(),
            VisitCommand::Consent(args) => args.run(),
            VisitCommand::RefuseConsent(args) => args.run(),
            VisitCommand::Checklist {
                store,
                id,
                card,
                json,
            } => {
                let opened = store.open()?;
                let card = card.card(&opened)?;
                let list = opened
                    .finalize_checklist(&HouseholdId(id), &card)
                    .map_err(store_error)?;
                if json {
                    print_json(&list)?;
                } else if list.can_finalize() {
                    println!("可以完成 nothing is missing; the visit can be finalized");
                } else {
                    println!("尚缺 still missing:");
                    for m in &list.missing {
                        println!("  - {}", describe_missing(m));
                    }
                }
                Ok(if list.can_finalize() {
                    Outcome::Clean
                } else {
                    Outcome::ProblemsReported
                })
            }
            VisitCommand::Finalize {
                store,
                id,
                card,
                json,
            } => {
                let mut opened = store.open()?;
                let card = card.card(&opened)?;
                let id = HouseholdId(id);
                match opened.finalize_visit(&id, &card) {
                    Ok(revision) => {
                        if json {
                            print_json(
                                &serde_json::json!({ "household": id.0, "revision": revision }),
                            )?;
                        } else {
                            println!(
                                "已完成 household {} finalized as revision {revision}",
                                masked_household(&id)
                            );
                        }
                        Ok(Outcome::Clean)
                    }
                    Err(e) => refused(e, json),
                }
            }
        }
    }
}

impl MemberCommand {
    fn run(self) -> CmdResult {
        let result = match self {
            MemberCommand::Add {
                store,
                id,
                name,
                id_number,
                relation,
                phone,
                ethnicity,
            } => {
                let member = NewMember {
                    name,
                    id_number,
                    relation_word: relation,
                    ethnicity,
                    phone,
                };
                store.open()?.add_member(&HouseholdId(id), &member)
            }
            MemberCommand::Remove {
                store,
                id,
                position,
                reason,
            } => store
                .open()?
                .remove_member(&HouseholdId(id), position, &reason),
            MemberCommand::Head {
                store,
                id,
                position,
                reason,
            } => store
                .open()?
                .change_head(&HouseholdId(id), position, &reason),
        };
        match result {
            Ok(d) => detail::print(&d, false, false),
            Err(e) => refused(e, false),
        }
    }
}

impl ConsentArgs {
    fn run(self) -> CmdResult {
        let kind = ConsentKind::parse(&self.kind).ok_or_else(|| {
            Fatal(format!(
                "'{}' is not a consent kind; give personal_info or credit_inquiry",
                self.kind
            ))
        })?;
        let mut signature = std::fs::File::open(&self.signature).map_err(|e| {
            Fatal(format!(
                "could not read the signature image {}: {e}",
                self.signature.display()
            ))
        })?;
        let mut store = self.store.open()?;
        let input = ConsentInput {
            kind,
            text_version: self.text_version,
            text_sha256: self.text_sha256,
            signer: self.signer,
            signed_at: self.signed_at.unwrap_or_else(|| {
                chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
            }),
            place: self.place,
            grid_manager: store.operator().unwrap_or_default().to_string(),
        };
        let id = HouseholdId(self.id);
        match store.add_consent(&id, &input, &mut signature) {
            Ok(consent) => {
                if self.json {
                    print_json(
                        &serde_json::json!({ "household": id.0, "consent": consent.0, "kind": kind.as_str() }),
                    )?;
                } else {
                    println!(
                        "已签署 consent {} recorded for household {}",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_as_the_core_names_them() {
        assert_eq!(
            parse_field("address").unwrap(),
            FieldRef::Household {
                field: HouseholdField::Address
            }
        );
        assert_eq!(
            parse_field("2.phone").unwrap(),
            FieldRef::Member {
                position: 2,
                field: MemberField::Phone
            }
        );
        assert!(parse_field("x.phone").is_err());
        assert!(parse_field("0.shoe_size").is_err());
    }
}
