//! Finding a person at the door: by name, pinyin initials ("wcm" → 王长明), the last digits
//! of an ID number or phone, or the household number, across all households of a grid.

use pinyin::ToPinyinMulti;
use serde::Serialize;

/// Surnames whose reading as a surname differs from the common one (单 shàn, 曾 zēng …).
const SURNAME_INITIALS: &[(char, char)] = &[
    ('单', 's'),
    ('曾', 'z'),
    ('解', 'x'),
    ('区', 'o'),
    ('仇', 'q'),
    ('朴', 'p'),
    ('查', 'z'),
    ('盖', 'g'),
    ('乐', 'y'),
    ('尉', 'y'),
    ('缪', 'm'),
    ('翟', 'z'),
    ('覃', 'q'),
    ('种', 'c'),
    ('秘', 'b'),
    ('折', 's'),
    ('召', 's'),
    ('黑', 'h'),
    ('尹', 'y'),
    ('长', 'c'),
];

/// Past this many spellings of one name (heteronyms multiply), the rest are not indexed.
const MAX_SPELLINGS: usize = 16;

/// One person as search sees it.
#[derive(Debug, Clone)]
pub struct SearchEntry {
    pub household: String,
    pub name: String,
    pub id_number: String,
    pub phone: Option<String>,
    initials: Vec<String>,
}

impl SearchEntry {
    pub fn new(household: &str, name: &str, id_number: &str, phone: Option<&str>) -> Self {
        SearchEntry {
            household: household.to_string(),
            name: name.to_string(),
            id_number: id_number.to_string(),
            phone: phone.map(String::from),
            initials: initials(name),
        }
    }
}

/// Every initials spelling of a name: the surname by its surname reading, other characters
/// by any of their readings.
pub fn initials(name: &str) -> Vec<String> {
    let mut spellings = vec![String::new()];
    for (i, c) in name.chars().enumerate() {
        let mut letters: Vec<char> = match (i, SURNAME_INITIALS.iter().find(|(s, _)| *s == c)) {
            (0, Some((_, letter))) => vec![*letter],
            _ => match c.to_pinyin_multi() {
                Some(multi) => multi
                    .into_iter()
                    .filter_map(|p| p.first_letter().chars().next())
                    .collect(),
                None => c
                    .to_lowercase()
                    .filter(char::is_ascii_alphanumeric)
                    .collect(),
            },
        };
        letters.sort_unstable();
        letters.dedup();
        if letters.is_empty() {
            continue;
        }
        spellings = spellings
            .iter()
            .flat_map(|s| letters.iter().map(move |l| format!("{s}{l}")))
            .take(MAX_SPELLINGS)
            .collect();
    }
    spellings
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MatchKind {
    Name,
    Household,
    Initials,
    IdTail,
    PhoneTail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Index into the entries the index was built from.
    pub entry: usize,
    pub kind: MatchKind,
}

/// The people of a grid, ready to search.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<SearchEntry>,
}

/// Digit queries shorter than this would match too many tails to be useful.
const MIN_TAIL_DIGITS: usize = 4;

impl SearchIndex {
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        SearchIndex { entries }
    }

    /// The people of a checked roster's usable households (before any import).
    pub fn from_roster(roster: &super::roster::RosterCheck) -> Self {
        let entries = roster
            .usable
            .iter()
            .flat_map(|h| {
                h.members.iter().map(move |m| {
                    SearchEntry::new(&h.key, &m.name, &m.id_number, m.phone.as_deref())
                })
            })
            .collect();
        SearchIndex::new(entries)
    }

    pub fn entry(&self, index: usize) -> &SearchEntry {
        &self.entries[index]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Best matches first: exact name, household number, initials, then ID and phone tails.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = super::text::normalize_name(query).to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        let is_letters = query.chars().all(|c| c.is_ascii_alphabetic());
        let is_digits = query.chars().all(|c| c.is_ascii_digit() || c == 'x');
        let mut hits: Vec<(MatchKind, usize, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let kind = if e.name.contains(&query) {
                Some(MatchKind::Name)
            } else if e.household.eq_ignore_ascii_case(&query) {
                Some(MatchKind::Household)
            } else if is_letters && e.initials.iter().any(|s| s.starts_with(&query)) {
                Some(MatchKind::Initials)
            } else if is_digits
                && query.len() >= MIN_TAIL_DIGITS
                && e.id_number.to_lowercase().ends_with(&query)
            {
                Some(MatchKind::IdTail)
            } else if is_digits
                && query.len() >= MIN_TAIL_DIGITS
                && e.phone.as_deref().is_some_and(|p| p.ends_with(&query))
            {
                Some(MatchKind::PhoneTail)
            } else {
                None
            };
            if let Some(kind) = kind {
                // Shorter names first within a kind: "王明" before "王明亮" for "wm".
                hits.push((kind, e.name.chars().count(), i));
            }
        }
        hits.sort_unstable();
        hits.into_iter()
            .take(limit)
            .map(|(kind, _, entry)| Hit { entry, kind })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            SearchEntry::new("H001", "王长明", "410303198003071234", Some("13812345678")),
            SearchEntry::new("H002", "单丽", "41030319800307221X", None),
            SearchEntry::new("H003", "曾国强", "410303198003073333", Some("13900004444")),
            SearchEntry::new("H004", "王明", "410303198003074444", None),
        ])
    }

    fn names(index: &SearchIndex, query: &str) -> Vec<String> {
        index
            .search(query, 10)
            .iter()
            .map(|h| index.entry(h.entry).name.clone())
            .collect()
    }

    #[test]
    fn pinyin_initials_find_names_with_polyphonic_characters() {
        let idx = index();
        assert_eq!(names(&idx, "wcm"), vec!["王长明"]);
        assert_eq!(names(&idx, "wzm"), vec!["王长明"], "长 also reads zhǎng");
        assert_eq!(names(&idx, "sl"), vec!["单丽"], "单 as a surname is Shàn");
        assert_eq!(names(&idx, "dl"), Vec::<String>::new());
        assert_eq!(names(&idx, "zgq"), vec!["曾国强"]);
        assert_eq!(names(&idx, "WM"), vec!["王明"]);
        assert_eq!(names(&idx, "w"), vec!["王明", "王长明"]);
    }

    #[test]
    fn names_tails_and_household_numbers() {
        let idx = index();
        assert_eq!(names(&idx, "王"), vec!["王明", "王长明"]);
        assert_eq!(names(&idx, "221x"), vec!["单丽"]);
        assert_eq!(
            names(&idx, "4444"),
            vec!["王明", "曾国强"],
            "ID tail before phone tail"
        );
        assert_eq!(names(&idx, "h003"), vec!["曾国强"]);
        assert_eq!(
            names(&idx, "123"),
            Vec::<String>::new(),
            "too short for a tail"
        );
    }
}
