//! Cleaning what people and spreadsheets type: full-width characters, stray spaces, phones.

/// Full-width ASCII (！ to ～) to half-width, ideographic space to nothing, spaces trimmed
/// and collapsed. Chinese characters are left alone.
pub fn normalize_text(input: &str) -> String {
    let mapped: String = input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' => ' ',
            _ => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name: normalized, and without spaces between Chinese characters ("张 三" → "张三");
/// a space between Latin letters (minority names in Latin script) is kept.
pub fn normalize_name(input: &str) -> String {
    let text = normalize_text(input);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let latin = |x: Option<&char>| x.is_some_and(|x| x.is_ascii_alphabetic());
            if !(latin(chars.get(i.wrapping_sub(1))) && latin(chars.get(i + 1))) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// A mainland mobile number (1[3-9] and nine digits), accepting +86, spaces and dashes.
/// Returns the eleven digits, or None.
pub fn normalize_mobile(input: &str) -> Option<String> {
    let digits: String = normalize_text(input)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '+'))
        .collect();
    let digits = digits
        .strip_prefix("86")
        .filter(|d| d.len() == 11)
        .unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.starts_with('1')
        && matches!(digits.as_bytes()[1], b'3'..=b'9');
    ok.then(|| digits.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces_are_cleaned() {
        assert_eq!(normalize_text("　１２３ ａｂ  "), "123 ab");
        assert_eq!(normalize_name(" 王 长明 "), "王长明");
        assert_eq!(normalize_name("Ayi Gu"), "Ayi Gu");
    }

    #[test]
    fn mobiles_are_recognized() {
        assert_eq!(
            normalize_mobile("138 1234 5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalize_mobile("+86 138-1234-5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalize_mobile("１３８１２３４５６７８").as_deref(),
            Some("13812345678")
        );
        assert_eq!(normalize_mobile("12812345678"), None);
        assert_eq!(normalize_mobile("0379-6123456"), None);
        assert_eq!(normalize_mobile("1381234567"), None);
    }
}
