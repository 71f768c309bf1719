//! Administrative division codes (GB/T 2260) with names, so the app can show
//! "河南省洛阳市西工区" for an ID number, and an unknown county code is a warning.
//! Data: `divisions.tsv` (see its header for the source and date).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("divisions.tsv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE_MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .collect()
    })
}

/// Whether a six-digit county-level code is in the current table. Old ID numbers keep codes
/// of counties merged since, so an unknown code is a warning, never an error.
pub fn is_current_county(code: &str) -> bool {
    code.len() == 6 && table().contains_key(code)
}

/// The full name of a six-digit code: province, prefecture and county, as far as known.
/// Placeholder prefecture names (市辖区, 县) are left out.
pub fn full_name(code: &str) -> Option<String> {
    let table = table();
    let province = table.get(code.get(..2)?)?;
    let mut name = province.to_string();
    if let Some(city) = code.get(..4).and_then(|c| table.get(c))
        && !matches!(
            *city,
            "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
        )
    {
        name.push_str(city);
    }
    if let Some(county) = table.get(code) {
        name.push_str(county);
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_built_from_the_table() {
        assert_eq!(full_name("410303").as_deref(), Some("河南省洛阳市西工区"));
        assert_eq!(full_name("110105").as_deref(), Some("北京市朝阳区"));
        assert!(is_current_county("530128"), "禄劝彝族苗族自治县");
        assert!(full_name("530128").unwrap().ends_with("禄劝彝族苗族自治县"));
    }

    #[test]
    fn merged_counties_are_unknown_but_keep_their_province() {
        // 410306 was 洛阳市吉利区, merged into 孟津区 in 2021; 410381 was 偃师市, now 偃师区.
        assert!(!is_current_county("410306") && !is_current_county("410381"));
        assert_eq!(full_name("410306").as_deref(), Some("河南省洛阳市"));
        assert_eq!(full_name("990101"), None);
    }
}
