//! Masking of personal data for public lists, logs and error messages.

/// Masks a name for public lists: keeps the first and last character (张*三, 王*).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Masks a resident ID number: first six and last four characters stay (410303********1234).
/// Anything shorter than eleven characters is masked entirely.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    if n < 11 {
        return "*".repeat(n);
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 10))
}

/// Masks what a person typed as an ID number, keeping only its digits and X (half- or
/// full-width), masked: "王长明410303199003071233" → 410303********1233. Whatever else the
/// text held (a name, a note) is never echoed.
pub fn mask_id_text(text: &str) -> String {
    let id_chars: String = text
        .chars()
        .filter_map(|c| match c {
            '0'..='9' | 'X' | 'x' => Some(c),
            '\u{FF10}'..='\u{FF19}' | '\u{FF38}' | '\u{FF58}' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        })
        .collect();
    mask_id(&id_chars)
}

/// A household key fit for output that is not the resident's own screen: keys made from the
/// head's ID number are masked like IDs, keys with a name or other non-ASCII text like names,
/// plain household numbers (H001, 0012) stay.
pub fn mask_household_key(key: &str) -> String {
    if looks_like_id_number(key) {
        mask_id_text(key)
    } else if key.is_ascii() {
        key.to_string()
    } else {
        mask_name(key)
    }
}

/// Household keys made from the head's ID number are personal data.
pub fn looks_like_id_number(key: &str) -> bool {
    key.len() >= 15 && key.chars().filter(|c| c.is_ascii_digit()).count() >= 14
}

/// Masks a phone number: 138****5678.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let n = chars.len();
    if n < 8 {
        return "*".repeat(n);
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_first_and_last_character() {
        assert_eq!(mask_name("张三丰"), "张*丰");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳长明"), "欧**明");
        assert_eq!(mask_name("张"), "*");
    }

    #[test]
    fn ids_keep_region_and_last_four() {
        assert_eq!(mask_id("410303199003071234"), "410303********1234");
        assert_eq!(mask_id("12345"), "*****");
    }

    #[test]
    fn an_id_typed_with_a_name_loses_the_name() {
        assert_eq!(
            mask_id_text("王长明410303199003071233"),
            "410303********1233"
        );
        assert_eq!(
            mask_id_text("４１０３０３199003071233"),
            "410303********1233"
        );
        assert_eq!(mask_id_text("王长明"), "");
    }

    #[test]
    fn household_keys_are_masked_when_they_are_personal() {
        assert_eq!(mask_household_key("H001"), "H001");
        assert_eq!(
            mask_household_key("410303199003071233"),
            "410303********1233"
        );
        assert_eq!(mask_household_key("王长明家"), "王**家");
    }

    #[test]
    fn phones_keep_prefix_and_last_four() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }
}
