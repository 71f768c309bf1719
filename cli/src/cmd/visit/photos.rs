//! `cunxin household photo add|list|checklist`: a camera file into the store through the
//! same capture service the app uses, the household's photos, the required-photo checklist.

use super::refused;
use crate::cmd::store::{StoreArgs, store_error};
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use crate::table::left;
use clap::Subcommand;
use cunxin_core::capture::{CaptureError, CaptureRequest};
use cunxin_core::model::{ApplicantType, HouseholdId, PhotoKind};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PhotoCommand {
    /// Normalize a camera photo and store it encrypted for the household.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        file: PathBuf,
        /// house, id_front, id_back, portrait, property_certificate, land_certificate,
        /// business_license or other.
        #[arg(long)]
        kind: String,
        /// Keep a photo the quality gate flags, for this reason.
        #[arg(long = "override-reason")]
        override_reason: Option<String>,
        /// When it was taken (RFC 3339); the file's time is not trusted.
        #[arg(long = "captured-at")]
        captured_at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The household's photos: kind, size, flags, override reasons.
    List {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Which photo kinds the visit needs and how many are taken.
    Checklist {
        #[command(flatten)]
        store: StoreArgs,
        id: String,
        /// household or business; the facts' applicant_type otherwise.
        #[arg(long = "applicant-type")]
        applicant_type: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn kind_of(text: &str) -> Result<PhotoKind, Fatal> {
    PhotoKind::parse(text).ok_or_else(|| {
        Fatal(format!(
            "'{text}' is not a photo kind; give one of {}",
            PhotoKind::ALL.map(|k| k.as_str()).join(", ")
        ))
    })
}

impl PhotoCommand {
    pub fn run(self) -> CmdResult {
        match self {
            PhotoCommand::Add {
                store,
                id,
                file,
                kind,
                override_reason,
                captured_at,
                json,
            } => {
                let kind = kind_of(&kind)?;
                if !file.exists() {
                    return Err(Fatal(format!(
                        "there is no photo file at {}",
                        file.display()
                    )));
                }
                let mut opened = store.open()?;
                let request = CaptureRequest {
                    kind,
                    taken_by: opened.operator().unwrap_or_default().to_string(),
                    captured_at,
                    location: None,
                    delete_source: false,
                    override_reason,
                };
                match opened.capture_photo(&HouseholdId(id), &file, &request) {
                    Ok(photo) => {
                        if json {
                            print_json(&photo)?;
                        } else {
                            println!(
                                "已存 photo {} stored ({}x{}){}",
                                kind.as_str(),
                                photo.width,
                                photo.height,
                                if photo.flags.is_empty() {
                                    String::new()
                                } else {
                                    format!(", flagged {}", photo.flags.join(", "))
                                }
                            );
                        }
                        Ok(Outcome::Clean)
                    }
                    Err(CaptureError::Store(e)) => refused(e, json),
                    Err(e) => {
                        if json {
                            print_json(&serde_json::json!({ "error": e.to_string() }))?;
                        }
                        eprintln!("cunxin: {e}");
                        Ok(Outcome::ProblemsReported)
                    }
                }
            }
            PhotoCommand::List { store, id, json } => {
                let lines = store
                    .open()?
                    .photo_lines(&HouseholdId(id))
                    .map_err(store_error)?;
                if json {
                    print_json(&lines)?;
                } else {
                    for p in &lines {
                        println!(
                            "{} {}x{} {} {}",
                            left(p.kind.as_str(), 22),
                            p.width,
                            p.height,
                            p.quality_flags.join(","),
                            p.override_reason.as_deref().unwrap_or("")
                        );
                    }
                    println!("共 {} 张 photos", lines.len());
                }
                Ok(Outcome::Clean)
            }
            PhotoCommand::Checklist {
                store,
                id,
                applicant_type,
                json,
            } => {
                let applicant = match applicant_type {
                    None => None,
                    Some(t) => Some(ApplicantType::parse(&t).ok_or_else(|| {
                        Fatal(format!(
                            "'{t}' is not an applicant type; give household or business"
                        ))
                    })?),
                };
                let list = store
                    .open()?
                    .photo_checklist(&HouseholdId(id), applicant)
                    .map_err(store_error)?;
                let complete = list.iter().all(|r| !r.required || r.taken > 0);
                if json {
                    print_json(&list)?;
                } else {
                    for r in &list {
                        println!(
                            "{} {} {}",
                            left(r.kind.as_str(), 22),
                            if r.required {
                                "必拍 required"
                            } else {
                                "可选 optional"
                            },
                            r.taken
                        );
                    }
                }
                Ok(if complete {
                    Outcome::Clean
                } else {
                    Outcome::ProblemsReported
                })
            }
        }
    }
}
