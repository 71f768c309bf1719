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

/// A preset by name, or a definition text that passes every check; the error is the first
/// problem, in one sentence.
pub fn scorecard_from(name_or_definition: &str) -> Result<Scorecard, String> {
    if let Some(card) = preset(name_or_definition) {
        return Ok(card);
    }
    match super::check::check_definition(name_or_definition).first() {
        Some(first) => Err(format!(
            "the scorecard is neither a built-in name ({}) nor a sound definition: {first}",
            preset_names().collect::<Vec<_>>().join(", ")
        )),
        None => Scorecard::parse(name_or_definition),
    }
}
