//! `cunxin report village NAME`: the village roll-up and the public-notice list (公示名单),
//! names and ID numbers masked, as a printable HTML page and a PDF, or `--json`.

pub mod assess;
pub mod fonts;
pub mod html;
pub mod pdf;

use crate::exit::{CmdResult, Fatal, Outcome, print_json};
use assess::{MIN_NOTICE_DAYS, ReportOptions, VillageReport, village_report};
use clap::Subcommand;
use cunxin_core::labels;
use cunxin_core::scoring::rollup::LoanPerformance;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The roll-up of one village and its public-notice list, as HTML and PDF.
    Village {
        #[command(flatten)]
        store: super::store::StoreArgs,
        /// The village (行政村), as the roster names it.
        name: String,
        /// The scorecard: a preset name (luquan, jinxiang) or a definition file.
        #[arg(long, default_value = "luquan")]
        scorecard: String,
        /// The bank's loan figures for the village (JSON: loan_coverage_percent,
        /// on_time_repayment_percent, npl_percent); without them those verdicts are unknown.
        #[arg(long)]
        loans: Option<PathBuf>,
        /// First day of the public notice (YYYY-MM-DD); today by default.
        #[arg(long)]
        notice_from: Option<String>,
        /// Days the notice is posted (at least 7).
        #[arg(long, default_value_t = MIN_NOTICE_DAYS)]
        notice_days: u32,
        /// Where objections go (printed on the notice); the village committee by default.
        #[arg(long)]
        objections_to: Option<String>,
        /// Folder for the HTML and PDF files; the current folder by default.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// The files a village report was written to.
#[derive(serde::Serialize)]
pub struct ReportFiles {
    pub html: PathBuf,
    pub pdf: PathBuf,
}

/// Writes `DIR/<village>-report.html` and `.pdf`.
pub fn write_files(report: &VillageReport, dir: &Path) -> Result<ReportFiles, Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fatal(format!("could not create {}: {e}", dir.display())))?;
    let files = ReportFiles {
        html: dir.join(format!("{}-report.html", report.village)),
        pdf: dir.join(format!("{}-report.pdf", report.village)),
    };
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes)
            .map_err(|e| Fatal(format!("could not write {}: {e}", path.display())))
    };
    write(&files.html, html::render(report).as_bytes())?;
    write(&files.pdf, &pdf::render(report)?)?;
    Ok(files)
}

/// The report for people on the terminal: the roll-up and the notice's size.
pub fn summary_lines(report: &VillageReport) -> Vec<String> {
    let mut lines = vec![format!(
        "{}{} 村级汇总 village roll-up",
        report.town, report.village
    )];
    for (what, value) in html::rollup_rows(report) {
        lines.push(format!("  {what}: {value}"));
    }
    let n = &report.notice;
    lines.push(format!(
        "  {}: {} 户 households, {} {} – {} ({} 天 days)",
        labels::term("public_notice"),
        n.entries.len(),
        labels::term("notice_period"),
        n.posted_from,
        n.posted_until,
        n.days
    ));
    lines
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, Fatal> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Fatal(format!(
            "--notice-from {text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23"
        ))
    })
}

fn read_loans(path: &Path) -> Result<LoanPerformance, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal(format!(
            "could not read the loan figures {}: {e}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Fatal(format!(
            "{} is not loan figures ({e}); write {{\"loan_coverage_percent\": \"56.2\", \"on_time_repayment_percent\": \"96.5\", \"npl_percent\": \"1.2\"}}",
            path.display()
        ))
    })
}

impl ReportCommand {
    pub fn run(self) -> CmdResult {
        let ReportCommand::Village {
            store,
            name,
            scorecard,
            loans,
            notice_from,
            notice_days,
            objections_to,
            out,
            json,
        } = self;
        let card = super::score::load_scorecard(&scorecard)?;
        let options = ReportOptions {
            card: &card,
            loans: loans
                .as_deref()
                .map(read_loans)
                .transpose()?
                .unwrap_or_default(),
            posted_from: match notice_from {
                Some(text) => parse_date(&text)?,
                None => chrono::Local::now().date_naive(),
            },
            days: notice_days,
            objections_to,
        };
        let store = store.open()?;
        let report = village_report(&store, &name, &options)?;
        let files = write_files(&report, &out)?;
        if json {
            print_json(&serde_json::json!({"report": report, "files": files}))?;
        } else {
            for line in summary_lines(&report) {
                println!("{line}");
            }
            println!("  HTML: {}", files.html.display());
            println!("  PDF:  {}", files.pdf.display());
        }
        Ok(Outcome::Clean)
    }
}
