//! Synthetic residents: names as a Henan village has them (common surnames, rare ones with
//! special readings, a few long minority names), valid ID numbers with the local region code,
//! and mobile numbers.

use chrono::NaiveDate;
use cunxin_core::intake::resident_id::check_character;
use rand::Rng;
use rand::seq::IndexedRandom;

/// 洛阳市西工区: the sample town's region code (the first six ID digits).
pub const REGION_CODE: &str = "410303";

/// Common surnames, about as often as they are met.
const COMMON_SURNAMES: [&str; 14] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱",
];
/// Surnames read differently from the character's usual reading (单 Shàn, 曾 Zēng, 解 Xiè,
/// 仇 Qiú, 查 Zhā, 朴 Piáo, 区 Ōu) or with two characters: what search by pinyin must get right.
const RARE_SURNAMES: [&str; 9] = ["单", "曾", "解", "仇", "查", "朴", "区", "欧阳", "司马"];

const MALE_GIVEN: [&str; 24] = [
    "建国", "长明", "志强", "国庆", "卫东", "红军", "海涛", "德胜", "永刚", "晓东", "新民", "宝山",
    "春生", "振华", "浩", "磊", "鹏", "伟", "俊杰", "子轩", "宇航", "梓豪", "一鸣", "铁柱",
];
const FEMALE_GIVEN: [&str; 22] = [
    "秀兰", "桂英", "玉梅", "淑芬", "翠花", "丽娟", "红霞", "春燕", "海燕", "静", "敏", "芳", "雪",
    "婷", "梓涵", "欣怡", "雨桐", "诗琪", "玉兰", "凤英", "小红", "巧云",
];

/// Long minority names written with the middle dot, and their 民族.
const MINORITY_NAMES: [(&str, &str, Sex); 4] = [
    ("阿卜杜热合曼·买买提江", "维吾尔", Sex::Male),
    ("古丽娜尔·吐尔逊托合提", "维吾尔", Sex::Female),
    ("扎西多吉", "藏", Sex::Male),
    ("阿依古丽·艾合买提", "维吾尔", Sex::Female),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// One resident as the roster lists them.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub id_number: String,
    pub sex: Sex,
    pub born: NaiveDate,
    pub ethnicity: &'static str,
    pub phone: Option<String>,
}

pub fn surname(rng: &mut impl Rng) -> &'static str {
    if rng.random_ratio(1, 8) {
        RARE_SURNAMES.choose(rng).expect("not empty")
    } else {
        COMMON_SURNAMES.choose(rng).expect("not empty")
    }
}

/// A Han resident of the given surname; `ids` keeps every ID number unique.
pub fn han_person(
    rng: &mut impl Rng,
    surname: &str,
    sex: Sex,
    born: NaiveDate,
    ids: &mut IdNumbers,
) -> Person {
    let given = match sex {
        Sex::Male => MALE_GIVEN.choose(rng),
        Sex::Female => FEMALE_GIVEN.choose(rng),
    }
    .expect("not empty");
    Person {
        name: format!("{surname}{given}"),
        id_number: ids.next(rng, born, sex),
        sex,
        born,
        ethnicity: "汉",
        phone: None,
    }
}

/// The `n`th of the sample's few minority residents.
pub fn minority_person(
    rng: &mut impl Rng,
    n: usize,
    born: NaiveDate,
    ids: &mut IdNumbers,
) -> Person {
    let (name, ethnicity, sex) = MINORITY_NAMES[n % MINORITY_NAMES.len()];
    Person {
        name: name.to_string(),
        id_number: ids.next(rng, born, sex),
        sex,
        born,
        ethnicity,
        phone: None,
    }
}

/// A mobile number on a mainland carrier's prefix.
pub fn phone(rng: &mut impl Rng) -> String {
    const PREFIXES: [&str; 8] = ["138", "139", "135", "150", "158", "186", "187", "199"];
    let prefix = PREFIXES.choose(rng).expect("not empty");
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

/// ID numbers of the sample's region, unique within the sample.
#[derive(Default)]
pub struct IdNumbers {
    issued: std::collections::HashSet<String>,
}

impl IdNumbers {
    /// GB 11643: region, birth date, a sequence whose last digit is odd for men, the check
    /// character.
    pub fn next(&mut self, rng: &mut impl Rng, born: NaiveDate, sex: Sex) -> String {
        loop {
            let mut sequence = rng.random_range(0..500u32) * 2;
            if sex == Sex::Male {
                sequence += 1;
            }
            let first17 = format!("{REGION_CODE}{}{sequence:03}", born.format("%Y%m%d"));
            let id = format!("{first17}{}", check_character(&first17));
            if self.issued.insert(id.clone()) {
                return id;
            }
        }
    }
}
