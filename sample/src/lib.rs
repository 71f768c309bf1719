//! The sample village: a reproducible synthetic town (one town, two villages, about 120
//! households and 400 people) for the demo and the end-to-end tests, generated from a seed so
//! only this code lives in git.
//!
//! [`SampleVillage::write`] lays it out in a folder:
//! - `roster.csv` — what the villages hand over, with planted data problems
//! - `departments.csv` — the department records keyed by ID number
//! - `panel.json` — the review panel's five members
//! - `script.json` — the field day, household by household, with what the bank must end up
//!   holding ([`ScriptHousehold::expect`])
//! - `problems.json` — the planted problems, each with where it is
//! - `photos/`, `signatures/` — drawn photos (camera JPEGs) and signature PNGs
//!
//! Only the planted problems are problems: every other household's photos differ, its ID
//! numbers are valid and its consents complete.

mod canvas;
mod facts;
mod households;
mod panel;
mod people;
mod photos;
mod plant;
mod write;

pub use canvas::Canvas;
pub use households::{TOWN, VILLAGES};
pub use panel::{PANEL, PanelMember, PanelRating};
pub use photos::Picture;
pub use plant::Problem;

use cunxin_core::scoring::Facts;
use serde::Serialize;
use std::collections::BTreeMap;

/// The seed the demo and the tests use.
pub const DEFAULT_SEED: u64 = 2026;
pub const HOUSEHOLDS: usize = 120;

use cunxin_core::photo::LATIN_FONT;

/// Printable ASCII (DejaVu Sans Bold, the photo watermark's font).
pub fn latin_font() -> ab_glyph::FontRef<'static> {
    ab_glyph::FontRef::try_from_slice(LATIN_FONT).expect("the embedded font parses")
}

/// What happens at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Door {
    Visit,
    NotHome,
    Declined,
}

/// Which limit the grid manager settles on where the panel's and the model's are far apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapLimit {
    /// The panel's: it knows something the scorecard does not (a failing shop).
    Panel,
    /// The model's: the panel underrates a new trade.
    Model,
    /// The lower of the two.
    Lower,
}

impl GapLimit {
    /// The amount this rule takes from the model's and the panel's limits.
    pub fn amount(self, model_yuan: i64, panel_yuan: i64) -> i64 {
        match self {
            GapLimit::Panel => panel_yuan,
            GapLimit::Model => model_yuan,
            GapLimit::Lower => model_yuan.min(panel_yuan),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptPhoto {
    /// The core's PhotoKind, as its JSON writes it.
    pub kind: &'static str,
    /// Relative to the sample folder.
    pub file: String,
    /// The grid manager's reason for keeping a photo the quality gate flags.
    pub keep_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptConsent {
    /// The core's ConsentKind, as its JSON writes it.
    pub kind: &'static str,
    pub signer: String,
    pub signature: String,
}

/// The end state the bank must see for a household.
#[derive(Debug, Clone, Serialize)]
pub struct Expectation {
    /// "accepted", "returned" or "not_sent" (never finalized, or not loaded at all).
    pub outcome: &'static str,
    /// For a returned household: words the bank's reason contains.
    pub reason_contains: Option<&'static str>,
    /// The flags each photo file must carry; a file not listed carries none.
    pub photo_flags: BTreeMap<String, Vec<&'static str>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptHousehold {
    pub household: String,
    pub village: &'static str,
    pub group: String,
    pub door: Door,
    /// The scorecard the village's branch uses.
    pub scorecard: &'static str,
    /// Facts for both seed scorecards, by scorecard id.
    pub facts: BTreeMap<&'static str, Facts>,
    pub photos: Vec<ScriptPhoto>,
    pub consents: Vec<ScriptConsent>,
    pub ratings: Vec<PanelRating>,
    /// The grid manager's written reason and amount where the panel's limit and the model's
    /// differ a lot (decided when the field day runs: the sample offers one for every visit).
    pub gap_reason: String,
    /// The amount the reason settles on.
    pub gap_limit: GapLimit,
    pub expect: Expectation,
}

#[derive(Debug, Clone, Serialize)]
pub struct Script {
    pub seed: u64,
    pub town: &'static str,
    pub villages: Vec<&'static str>,
    pub households: Vec<ScriptHousehold>,
}

/// The whole sample: the roster's households, the field day and the planted problems.
pub struct SampleVillage {
    pub seed: u64,
    households: Vec<households::SampleHousehold>,
    pub script: Script,
    pub problems: Vec<Problem>,
    /// How the roster file spoils a few households' rows, by position.
    spoiled: BTreeMap<usize, plant::Spoiled>,
    /// The pictures to draw, by relative path.
    pictures: BTreeMap<String, photos::Picture>,
}

impl SampleVillage {
    pub fn generate(seed: u64) -> SampleVillage {
        plant::generate(seed)
    }

    /// The roster file's text, as `write` writes it.
    pub fn roster(&self) -> String {
        write::roster_csv(self)
    }

    /// The photos and signatures the script names, by their path in the sample folder.
    pub fn pictures(&self) -> &BTreeMap<String, Picture> {
        &self.pictures
    }
}
