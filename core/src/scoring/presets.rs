//! The scorecards that ship built in, as the same definition files a bank edits.

use super::definition::Scorecard;

const PRESETS: [(&str, &str); 2] = [
    ("luquan", include_str!("presets/luquan.toml")),
    ("jinxiang", include_str!("presets/jinxiang.toml")),
];

/// The names of the built-in presets.
pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(name, _)| *name)
}

/// The definition file text of a preset.
pub fn preset_text(name: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A built-in preset, parsed.
pub fn preset(name: &str) -> Option<Scorecard> {
    // The presets are checked by tests, so parsing them cannot fail at run time.
    preset_text(name).and_then(|text| Scorecard::parse(text).ok())
}
