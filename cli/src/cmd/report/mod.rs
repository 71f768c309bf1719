//! `cunxin report village NAME`: the village's roll-up and its public-notice list (公示名单),
//! masked, as a printable HTML page and a PDF, or as JSON.

pub mod html;
mod pdf;

use crate::cmd::store::{StoreArgs, store_error};
use crate::cmd::visit::CardArgs;
use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use chrono::{Days, Local, NaiveDate};
use clap::Subcommand;
use cunxin_core::scoring::Scorecard;
use cunxin_core::scoring::rollup::LoanPerformance;
use cunxin_core::store::{Store, VillageReport};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The rules' shortest notice period (公示期不少于 7 天).
pub const MIN_NOTICE_DAYS: u64 = 7;
/// The store settings the app's settings screen writes: where objections go.
const NOTICE_BRANCH: &str = "notice_branch";
const NOTICE_TELEPHONE: &str = "notice_telephone";

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The roll-up and the public-notice list of one village.
    Village {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        card: CardArgs,
        name: String,
        /// Write village-NAME.html and village-NAME.pdf into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The notice's first day (YYYY-MM-DD); today by default.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// How long the notice is posted, in days (at least 7).
        #[arg(long, default_value_t = MIN_NOTICE_DAYS)]
        days: u64,
        /// Where objections go (branch and telephone); else the app's notice setting.
        #[arg(long)]
        objections_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Everything a printed village report shows.
#[derive(Serialize)]
pub struct PrintedReport {
    #[serde(flatten)]
    pub report: VillageReport,
    pub notice_from: NaiveDate,
    pub notice_until: NaiveDate,
    pub objections_to: String,
}

impl ReportCommand {
    pub fn run(self) -> CmdResult {
        let ReportCommand::Village {
            store,
            card,
            name,
            out,
            from,
            days,
            objections_to,
            json,
        } = self;
        if days < MIN_NOTICE_DAYS {
            return Err(Fatal(format!(
                "the notice must be posted for at least {MIN_NOTICE_DAYS} days (公示期不少于7天); give --days {MIN_NOTICE_DAYS} or more"
            )));
        }
        let store = store.open()?;
        let card = card.card(&store)?;
        let objections_to = match objections_to {
            Some(text) => text,
            None => notice_contact(&store)?.ok_or_else(|| {
                Fatal("say where objections go: --objections-to \"城关支行 0379-6321 0000\" (or set it in the app's settings)".into())
            })?,
        };
        let from = from.unwrap_or_else(|| Local::now().date_naive());
        let printed = printed_report(&store, &name, &card, from, days, objections_to)?;
        if let Some(dir) = &out {
            let (html, pdf) = write_report(&printed, dir)?;
            if !json {
                println!("{}\n{}", html.display(), pdf.display());
            }
        }
        if json {
            print_json(&printed)?;
        } else if out.is_none() {
            for line in html::summary_lines(&printed) {
                println!("{line}");
            }
        }
        Ok(Outcome::Clean)
    }
}

/// Where objections go, as the app's settings screen keeps it (branch and telephone).
fn notice_contact(store: &Store) -> Result<Option<String>, Fatal> {
    let branch = store.setting(NOTICE_BRANCH).map_err(store_error)?;
    let phone = store.setting(NOTICE_TELEPHONE).map_err(store_error)?;
    let text = [branch, phone]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Some(text).filter(|t| !t.trim().is_empty()))
}

/// The village's report for a notice posted from `from` for `days` days.
pub fn printed_report(
    store: &Store,
    village: &str,
    card: &Scorecard,
    from: NaiveDate,
    days: u64,
    objections_to: String,
) -> Result<PrintedReport, Fatal> {
    let report = store
        .village_report(village, card, &LoanPerformance::default())
        .map_err(store_error)?;
    if report.overview.rollup.households == 0 {
        return Err(Fatal(format!(
            "the store has no household of a village named {village}; check the name as the roster writes it"
        )));
    }
    Ok(PrintedReport {
        report,
        notice_from: from,
        notice_until: from + Days::new(days.max(1) - 1),
        objections_to,
    })
}

/// Writes village-NAME.html and village-NAME.pdf into `dir`; returns their paths.
pub fn write_report(printed: &PrintedReport, dir: &Path) -> Result<(PathBuf, PathBuf), Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal(format!("could not create {}: {e}", dir.display())))?;
    let write = |file: PathBuf, bytes: Vec<u8>| {
        std::fs::write(&file, bytes)
            .map_err(|e| Fatal(format!("could not write {}: {e}", file.display())))
            .map(|_| file)
    };
    let name = &printed.report.notice.village;
    let html = write(
        dir.join(format!("village-{name}.html")),
        html::page(printed).into_bytes(),
    )?;
    let pdf = write(
        dir.join(format!("village-{name}.pdf")),
        pdf::document(printed)?,
    )?;
    Ok((html, pdf))
}
