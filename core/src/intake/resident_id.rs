//! Resident ID numbers (GB 11643-1999): normalization, check character, birth date, sex.

use chrono::{Local, NaiveDate};
use serde::Serialize;

/// What went wrong with an ID number, as the short codes of the CLI contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum IdError {
    #[error("an ID number has 18 characters; check that none is missing or extra")]
    Length,
    #[error("an ID number has 17 digits and then a digit or X; remove other characters")]
    Charset,
    #[error("the check character does not match; one of the digits is probably mistyped")]
    Checksum,
    #[error("the birth date inside the ID number is not a real date or lies in the future")]
    BirthDate,
    #[error("the ID number does not start with a real province code")]
    Province,
}

impl IdError {
    pub fn code(self) -> &'static str {
        match self {
            IdError::Length => "length",
            IdError::Charset => "charset",
            IdError::Checksum => "checksum",
            IdError::BirthDate => "birth_date",
            IdError::Province => "province",
        }
    }
}

pub use crate::model::person::Sex;

/// A valid, normalized resident ID number and what it encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    normalized: String,
    birth_date: NaiveDate,
    sex: Sex,
}

impl ResidentId {
    /// Parses against today's date.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::parse_on(input, Local::now().date_naive())
    }

    /// Parses against a given "today", so tests do not depend on the clock.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Self, IdError> {
        let normalized = normalize(input);
        let chars: Vec<char> = normalized.chars().collect();
        if chars.len() != 18 {
            return Err(IdError::Length);
        }
        let digits_ok = chars[..17].iter().all(char::is_ascii_digit);
        let last_ok = chars[17].is_ascii_digit() || chars[17] == 'X';
        if !digits_ok || !last_ok {
            return Err(IdError::Charset);
        }
        if !PROVINCE_CODES.contains(&&normalized[..2]) {
            return Err(IdError::Province);
        }
        let birth_date = NaiveDate::parse_from_str(&normalized[6..14], "%Y%m%d")
            .ok()
            .filter(|d| *d <= today && d.year_ce().1 >= 1880)
            .ok_or(IdError::BirthDate)?;
        if check_character(&normalized[..17]) != chars[17] {
            return Err(IdError::Checksum);
        }
        let sequence = chars[16].to_digit(10).unwrap_or(0);
        let sex = if sequence % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        Ok(ResidentId {
            normalized,
            birth_date,
            sex,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.normalized
    }
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }
    pub fn sex(&self) -> Sex {
        self.sex
    }
    /// The six-digit administrative division code of the place of first registration.
    pub fn region_code(&self) -> &str {
        &self.normalized[..6]
    }
}

use chrono::Datelike;

/// Full-width digits and letters to ASCII, spaces removed, `x` to `X`.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            'x' | '\u{FF58}' | '\u{FF38}' => 'X',
            _ => c,
        })
        .collect()
}

/// ISO 7064 MOD 11-2 check character over the first 17 digits.
pub fn check_character(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Province-level codes of GB/T 2260, including Taiwan, Hong Kong and Macau.
const PROVINCE_CODES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    /// Builds a valid ID from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17))
    }

    #[test]
    fn known_valid_number_is_accepted_with_sex_and_birth_date() {
        // The GB 11643-1999 standard's own example.
        let id = ResidentId::parse_on("11010519491231002X", today()).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110105");
    }

    #[test]
    fn lowercase_x_full_width_digits_and_spaces_are_normalized() {
        let id = ResidentId::parse_on(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        let full_width = "１１０１０５１９４９１２３１００２X";
        assert_eq!(
            ResidentId::parse_on(full_width, today()).unwrap().as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn each_error_code_is_reported() {
        let cases = [
            ("1101051949123100", IdError::Length),
            ("11010519491231002Y", IdError::Charset),
            ("11010519491231003X", IdError::Checksum),
            (&with_check("41030319900230123"), IdError::BirthDate),
            (&with_check("41030320300101123"), IdError::BirthDate),
            (&with_check("99030319900101123"), IdError::Province),
        ];
        for (input, expected) in cases {
            assert_eq!(
                ResidentId::parse_on(input, today()),
                Err(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn odd_sequence_is_male() {
        let id = ResidentId::parse_on(&with_check("41030319900307123"), today()).unwrap();
        assert_eq!(id.sex(), Sex::Male);
    }
}
