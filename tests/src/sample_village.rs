//! The sample village, generated from a seed: one town (城关镇, 宜阳县, 洛阳), two villages,
//! about 120 households and 400 people, with the roster, the scorecards' facts, the
//! committee's ratings, department records, loan figures and a list of planted problems.
//! `cargo run -p cunxin-e2e --bin sample-village` writes it to
//! `tests/fixtures/sample-village/`; a test checks the files in git are exactly this output.

use crate::names::{FEMALE_GIVEN, INCOMERS, MALE_GIVEN, SURNAMES};
use crate::rng::Rng;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::fmt::Write;

pub const SEED: u64 = 20_261_122;
pub const TOWN: &str = "城关镇";
/// 河南省洛阳市宜阳县.
pub const COUNTY_CODE: &str = "410327";
/// Neighbouring counties people marry in from: 洛宁县, 新安县, 西工区.
const NEARBY_CODES: &[&str] = &["410328", "410323", "410303"];
/// Villages: name, household-number prefix, groups, households.
pub const VILLAGES: &[(&str, &str, u32, usize)] =
    &[("王庄村", "WZ", 4, 64), ("石桥村", "SQ", 3, 56)];
/// The year the roster is taken (ages are counted to it).
const YEAR: i64 = 2026;
/// The village committee's five-member review panel (背对背评议).
pub const PANEL: [&str; 5] = [
    "村党支部书记",
    "村委会主任",
    "村民代表(老党员)",
    "驻村第一书记",
    "村妇联主任",
];

/// The problems planted on purpose; every other record is clean.
pub struct Planted {
    /// Data rows (1-based, header excluded) whose ID cell Excel mangled, with the code the
    /// roster check must give.
    pub excel_ids: Vec<(usize, &'static str)>,
    /// The household with two members marked 户主 (the extra head's row).
    pub two_heads: (String, usize),
    /// The household whose resident does not sign the credit-inquiry authorization.
    pub missing_credit_consent: String,
    /// The household whose house photo is another household's photo again (fraud).
    pub reused_house_photo: (String, String),
    /// The household whose house photo is blurred.
    pub blurred_house_photo: String,
}

pub struct Person {
    pub name: String,
    pub id: String,
    pub male: bool,
    pub birth: (i64, u32, u32),
    pub relation: &'static str,
    pub ethnicity: &'static str,
    pub phone: Option<String>,
}

pub struct Household {
    pub number: String,
    pub village: &'static str,
    pub group: u32,
    pub address: String,
    pub land: String,
    pub members: Vec<Person>,
    pub facts: Value,
    pub ratings: Vec<Value>,
}

pub struct SampleVillage {
    pub households: Vec<Household>,
    pub departments: Vec<Value>,
    pub planted: Planted,
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character of the first 17 digits.
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] as char
}

fn days_in(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// A valid, unused ID number: region, birth date, sequence (odd for men), check.
    fn issue(&mut self, rng: &mut Rng, region: &str, birth: (i64, u32, u32), male: bool) -> String {
        loop {
            let mut seq = rng.range(0, 998) as u32;
            if (seq % 2 == 1) != male {
                seq += 1;
            }
            let first17 = format!("{region}{:04}{:02}{:02}{seq:03}", birth.0, birth.1, birth.2);
            let id = format!("{first17}{}", check_char(&first17));
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

fn birth(rng: &mut Rng, age: i64) -> (i64, u32, u32) {
    let year = YEAR - age;
    let month = rng.range(1, 12) as u32;
    let day = rng.range(1, days_in(year, month) as i64) as u32;
    (year, month, day)
}

fn phone(rng: &mut Rng) -> String {
    let prefix = rng.pick(&[
        "138", "139", "150", "151", "158", "176", "186", "187", "199",
    ]);
    format!("{prefix}{:08}", rng.range(0, 99_999_999))
}

fn given(rng: &mut Rng, male: bool) -> &'static str {
    if male {
        *rng.pick(MALE_GIVEN)
    } else {
        *rng.pick(FEMALE_GIVEN)
    }
}

fn person(
    rng: &mut Rng,
    ids: &mut Ids,
    surname: &str,
    male: bool,
    age: i64,
    relation: &'static str,
    region: &str,
) -> Person {
    let birth = birth(rng, age);
    Person {
        name: format!("{surname}{}", given(rng, male)),
        id: ids.issue(rng, region, birth, male),
        male,
        birth,
        relation,
        ethnicity: "汉",
        phone: (age >= 18 && rng.chance(35)).then(|| phone(rng)),
    }
}

fn age_of(p: &Person) -> i64 {
    YEAR - p.birth.0
}

/// One household: a head, maybe a spouse, children, grandchildren, a parent.
fn members(rng: &mut Rng, ids: &mut Ids, incomers: &mut usize, local_surname: &str) -> Vec<Person> {
    let head_age = rng.range(28, 78);
    let head_male = rng.chance(85);
    let surname = if rng.chance(55) {
        local_surname.to_string()
    } else {
        rng.weighted(SURNAMES).to_string()
    };
    let mut head = person(rng, ids, &surname, head_male, head_age, "户主", COUNTY_CODE);
    head.phone = Some(phone(rng));
    let mut people = vec![head];
    let married = head_age > 24 && rng.chance(if head_age > 70 { 45 } else { 85 });
    if married {
        let spouse_age = (head_age + rng.range(-4, 3)).max(20);
        // One spouse in ten may have married in from a minority region; others from nearby.
        let incomer = INCOMERS
            .iter()
            .enumerate()
            .find(|(i, who)| *incomers & (1 << i) == 0 && who.male != head_male);
        if let (true, Some((i, who))) = (rng.chance(10), incomer) {
            *incomers |= 1 << i;
            let birth = birth(rng, spouse_age);
            people.push(Person {
                name: who.name.into(),
                id: ids.issue(rng, who.region, birth, who.male),
                male: who.male,
                birth,
                relation: if head_male { "妻子" } else { "丈夫" },
                ethnicity: who.ethnicity,
                phone: None,
            });
        } else {
            let region = if rng.chance(60) {
                COUNTY_CODE
            } else {
                rng.pick(NEARBY_CODES)
            };
            let spouse_surname = rng.weighted(SURNAMES).to_string();
            let relation = if head_male { "妻子" } else { "丈夫" };
            people.push(person(
                rng,
                ids,
                &spouse_surname,
                !head_male,
                spouse_age,
                relation,
                region,
            ));
        }
    }
    let children = if married {
        rng.weighted(&[(0, 2), (1, 5), (2, 5), (3, 1)]).to_owned()
    } else {
        rng.range(0, 1)
    };
    let family_surname = if head_male {
        surname.clone()
    } else {
        rng.weighted(SURNAMES).to_string()
    };
    for _ in 0..children {
        let age = head_age - rng.range(22, 32);
        if age < 0 {
            continue;
        }
        let male = rng.chance(52);
        let relation = if male { "儿子" } else { "女儿" };
        people.push(person(
            rng,
            ids,
            &family_surname,
            male,
            age,
            relation,
            COUNTY_CODE,
        ));
        // An adult son's wife and child live in the household.
        if male && age >= 25 && rng.chance(50) {
            let wife = rng.weighted(SURNAMES).to_string();
            let wife_age = age + rng.range(-3, 2);
            people.push(person(
                rng,
                ids,
                &wife,
                false,
                wife_age,
                "儿媳",
                COUNTY_CODE,
            ));
            if age >= 27 {
                let child_male = rng.chance(50);
                let relation = if child_male { "孙子" } else { "孙女" };
                let child_age = rng.range(1, (age - 22).min(12));
                people.push(person(
                    rng,
                    ids,
                    &family_surname,
                    child_male,
                    child_age,
                    relation,
                    COUNTY_CODE,
                ));
            }
        }
    }
    if head_age < 50 && rng.chance(15) {
        let male = rng.chance(40);
        let relation = if male { "父亲" } else { "母亲" };
        let age = head_age + rng.range(22, 30);
        people.push(person(rng, ids, &surname, male, age, relation, COUNTY_CODE));
    }
    people
}

/// The scorecards' facts (both seed presets read the same object; each takes its own).
fn facts(rng: &mut Rng, people: &[Person], court: bool) -> Value {
    let head = &people[0];
    // The applicant is the head, or the eldest working-age member when the head is past 60.
    let applicant = people
        .iter()
        .filter(|p| (18..=60).contains(&age_of(p)))
        .max_by_key(|p| age_of(p))
        .filter(|_| age_of(head) > 60)
        .unwrap_or(head);
    let age = age_of(applicant);
    let married = people.iter().any(|p| matches!(p.relation, "妻子" | "丈夫"));
    let occupation = *rng.weighted(&[
        ("farming", 40),
        ("migrant_work", 30),
        ("business", 15),
        ("salaried", 10),
        ("none", 5),
    ]);
    let base_income = match occupation {
        "business" => rng.range(60, 220),
        "salaried" => rng.range(50, 120),
        "migrant_work" => rng.range(40, 110),
        "farming" => rng.range(18, 70),
        _ => rng.range(6, 20),
    } * 1000;
    let assets = rng.range(8, 90) * 10_000;
    let liabilities = if rng.chance(35) {
        rng.range(1, 20) * 10_000
    } else {
        0
    };
    let overdue = court || rng.chance(4);
    let credit_history = if overdue {
        "overdue"
    } else if rng.chance(55) {
        "clean_loans"
    } else {
        "no_loans"
    };
    let education = if age < 40 {
        *rng.weighted(&[("college", 2), ("high_school", 4), ("middle_school", 4)])
    } else {
        *rng.weighted(&[
            ("high_school", 2),
            ("middle_school", 5),
            ("primary_or_less", 3),
        ])
    };
    let marital = if married {
        "married"
    } else {
        *rng.weighted(&[("single", 3), ("widowed", 3), ("divorced", 1)])
    };
    let health = if age > 55 {
        *rng.weighted(&[("good", 5), ("fair", 4), ("poor", 1)])
    } else {
        *rng.weighted(&[("good", 9), ("fair", 1)])
    };
    let evaluation = if court {
        "poor"
    } else {
        *rng.weighted(&[("good", 5), ("fairly_good", 3), ("average", 2)])
    };
    let mut honors = serde_json::Map::new();
    if rng.chance(12) {
        honors.insert("party_member".into(), json!(true));
    }
    if rng.chance(15) {
        honors.insert(
            "civilized_family".into(),
            json!(rng.pick(&["village", "town"])),
        );
    }
    if rng.chance(15) {
        honors.insert(
            "beautiful_courtyard".into(),
            json!(rng.pick(&["village", "town", "county"])),
        );
    }
    if rng.chance(4) {
        honors.insert("veteran_or_hero".into(), json!(true));
    }
    let mut deductions = Vec::new();
    if rng.chance(8) {
        deductions.push(*rng.pick(&["open_burning", "litter", "traffic_violation"]));
    }
    let vetoes: Vec<&str> = if court {
        vec!["dishonest_finance"]
    } else {
        vec![]
    };
    json!({
        // luquan (seed 002)
        "applicant_age": age,
        "full_capacity": true,
        "legal_income": occupation != "none" || rng.chance(50),
        "bad_loan_or_dispute": court,
        "education": education,
        "marital_status": marital,
        "health": health,
        "occupation": occupation,
        "household_net_income_yuan": base_income,
        "household_size": people.len(),
        "total_assets_yuan": assets,
        "total_liabilities_yuan": liabilities,
        "credit_history": credit_history,
        "in_credit_village": false,
        "insured": rng.chance(80),
        "entrepreneur": occupation == "business" || rng.chance(10),
        "committee_evaluation": evaluation,
        "negative_records": if court { 2 } else { i64::from(rng.chance(5)) },
        // jinxiang (seed 004)
        "fixed_residence": true,
        "fixed_income": occupation != "none",
        "no_major_bad_credit": !overdue,
        "applicant_type": if occupation == "business" { "business" } else { "household" },
        "honors": honors,
        "deductions": deductions,
        "vetoes": vetoes,
    })
}

/// Five independent suggestions, each member seeing the household from their own side:
/// spread around what the household's income and assets suggest.
fn ratings(rng: &mut Rng, facts: &Value) -> Vec<Value> {
    let income = facts["household_net_income_yuan"].as_i64().unwrap_or(0);
    let assets = facts["total_assets_yuan"].as_i64().unwrap_or(0);
    let court = facts["bad_loan_or_dispute"].as_bool().unwrap_or(false);
    let view = (income / 2 + assets / 20).clamp(10_000, 200_000);
    PANEL
        .iter()
        .map(|member| {
            if court {
                return json!({"member": member, "suggested_limit_yuan": 0, "integrity": 1, "estimated_income_yuan": null, "note": "有失信记录"});
            }
            let own = (view * rng.range(70, 130) / 100 / 5_000 * 5_000).max(5_000);
            json!({
                "member": member,
                "suggested_limit_yuan": own,
                "integrity": rng.range(3, 5),
                "estimated_income_yuan": (income * rng.range(80, 120) / 100 / 1_000 * 1_000),
                "note": "",
            })
        })
        .collect()
}

fn land(rng: &mut Rng) -> String {
    let arable = rng.range(2, 16) as f64 / 2.0;
    if rng.chance(30) {
        format!("耕地{arable}亩 林地{}亩", rng.range(1, 5))
    } else {
        format!("耕地{arable}亩")
    }
}

pub fn generate(seed: u64) -> SampleVillage {
    let mut rng = Rng::new(seed);
    let mut ids = Ids {
        used: BTreeSet::new(),
    };
    let mut incomers = 0;
    let mut households = Vec::new();
    let mut departments = Vec::new();
    for (v, &(village, prefix, groups, count)) in VILLAGES.iter().enumerate() {
        let local_surname = ["王", "石"][v];
        for n in 1..=count {
            let group = 1 + (n as u32 - 1) * groups / count as u32;
            let people = members(&mut rng, &mut ids, &mut incomers, local_surname);
            let court = rng.chance(3);
            let facts = facts(&mut rng, &people, court);
            let ratings = ratings(&mut rng, &facts);
            let head = &people[0];
            let flags = json!({
                "id_number": head.id,
                "court_enforcement": court,
                "dishonest_debtor": court,
                "poverty_registry": rng.chance(6),
                "police_record": false,
                "private_car": rng.chance(30),
                "real_estate": rng.chance(15),
                "farm_machinery": rng.chance(20),
            });
            if flags
                .as_object()
                .unwrap()
                .values()
                .any(|f| f == &json!(true))
            {
                departments.push(flags);
            }
            households.push(Household {
                number: format!("{prefix}{n:03}"),
                village,
                group,
                address: format!("{village}{group}组{n}号"),
                land: land(&mut rng),
                members: people,
                facts,
                ratings,
            });
        }
    }
    // Planted problems, at fixed places so the tests and the demo can name them.
    let mut planted = Planted {
        excel_ids: Vec::new(),
        two_heads: ("SQ012".into(), 0),
        missing_credit_consent: "WZ031".into(),
        reused_house_photo: ("WZ017".into(), "SQ023".into()),
        blurred_house_photo: "SQ040".into(),
    };
    let sq012 = households.iter_mut().find(|h| h.number == "SQ012").unwrap();
    if sq012.members.len() < 2 {
        let extra = person(&mut rng, &mut ids, "石", true, 30, "儿子", COUNTY_CODE);
        sq012.members.push(extra);
    }
    sq012.members[1].relation = "户主";
    // Row numbers are known only once the roster is laid out.
    let mut row = 0;
    for h in &mut households {
        let mut mangled = false;
        for (i, p) in h.members.iter_mut().enumerate() {
            row += 1;
            if h.number == "SQ012" && i == 1 {
                planted.two_heads.1 = row;
            }
            // Two members (never a head) whose ID cells Excel mangled.
            if i > 0
                && p.relation != "户主"
                && (h.number == "WZ008" || h.number == "SQ030")
                && !mangled
                && !p.id.ends_with("000")
            {
                if h.number == "WZ008" {
                    p.id = format!(
                        "{}E+17",
                        &format!("{:.5}", p.id[..6].parse::<f64>().unwrap() / 100_000.0)
                    );
                    planted.excel_ids.push((row, "excel_scientific"));
                } else {
                    let truncated = format!("{}000", &p.id[..15]);
                    // Excel's zeros must break the check digit, as they almost always do.
                    if check_char(&truncated[..17]) == '0' {
                        continue;
                    }
                    p.id = truncated;
                    planted.excel_ids.push((row, "excel_truncated"));
                }
                mangled = true;
            }
        }
    }
    SampleVillage {
        households,
        departments,
        planted,
    }
}

impl SampleVillage {
    /// The roster as a village committee hands it over (村级采集表, UTF-8 CSV).
    pub fn roster_csv(&self) -> String {
        let mut out = String::from(
            "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息\n",
        );
        for h in &self.households {
            let head_id = &h.members[0].id;
            for p in &h.members {
                let _ = writeln!(
                    out,
                    "{TOWN},{},{}组,{},{},{head_id},{},{},{},{},{},{},{}-{:02},{}",
                    h.village,
                    h.group,
                    p.id,
                    p.name,
                    h.number,
                    h.address,
                    p.phone.as_deref().unwrap_or(""),
                    if p.male { "男" } else { "女" },
                    p.relation,
                    p.ethnicity,
                    p.birth.0,
                    p.birth.1,
                    h.land,
                );
            }
        }
        out
    }

    /// One JSON value per line inside an array: small diffs when the generator changes.
    fn lines(values: impl Iterator<Item = Value>) -> String {
        let body: Vec<String> = values.map(|v| v.to_string()).collect();
        format!("[\n{}\n]\n", body.join(",\n"))
    }

    /// `[{"household", "facts"}]`, as `cunxin score` reads it.
    pub fn facts_json(&self) -> String {
        Self::lines(
            self.households
                .iter()
                .map(|h| json!({"household": h.number, "facts": h.facts})),
        )
    }

    /// `[{"household", "ratings": [Rating ×5]}]`.
    pub fn ratings_json(&self) -> String {
        Self::lines(
            self.households
                .iter()
                .map(|h| json!({"household": h.number, "ratings": h.ratings})),
        )
    }

    /// Department records keyed by ID number (only people with a record).
    pub fn departments_json(&self) -> String {
        Self::lines(self.departments.iter().cloned())
    }

    /// The town, the villages with their loan figures, the panel and the planted problems.
    pub fn village_json(&self) -> String {
        let p = &self.planted;
        let value = json!({
            "seed": SEED,
            "county_code": COUNTY_CODE,
            "town": TOWN,
            "villages": [
                {"name": "王庄村", "prefix": "WZ", "loans": {"loan_coverage_percent": "56.2", "on_time_repayment_percent": "96.5", "npl_percent": "1.2"}},
                {"name": "石桥村", "prefix": "SQ", "loans": {}},
            ],
            "panel": PANEL,
            "planted": {
                "excel_ids": p.excel_ids.iter().map(|(row, code)| json!({"row": row, "code": code})).collect::<Vec<_>>(),
                "two_heads": {"household": p.two_heads.0, "row": p.two_heads.1},
                "missing_credit_consent": p.missing_credit_consent,
                "reused_house_photo": {"original": p.reused_house_photo.0, "reused_by": p.reused_house_photo.1},
                "blurred_house_photo": p.blurred_house_photo,
            },
        });
        format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
    }

    /// Every fixture file: name and content.
    pub fn files(&self) -> Vec<(&'static str, String)> {
        vec![
            ("roster.csv", self.roster_csv()),
            ("facts.json", self.facts_json()),
            ("ratings.json", self.ratings_json()),
            ("departments.json", self.departments_json()),
            ("village.json", self.village_json()),
        ]
    }

    pub fn people(&self) -> usize {
        self.households.iter().map(|h| h.members.len()).sum()
    }
}
