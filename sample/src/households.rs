//! The households of the sample town: families of one to six, the head's economy, and the
//! roster rows the village hands over.

use crate::people::{IdNumbers, Person, Sex, han_person, minority_person, phone, surname};
use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;

pub const TOWN: &str = "城关镇";
/// Each village and the scorecard its branch uses.
pub const VILLAGES: [(&str, &str); 2] = [("王庄村", "luquan"), ("李家沟村", "jinxiang")];
const GROUPS_PER_VILLAGE: u32 = 6;

/// The day the sample's ages are counted on.
pub fn census_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date")
}

#[derive(Debug, Clone)]
pub struct Member {
    pub person: Person,
    pub relation: &'static str,
}

/// What the head does for a living, which the facts and the panel's view follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Livelihood {
    Farming,
    MigrantWork,
    Business,
    Salaried,
    None,
}

impl Livelihood {
    pub fn code(self) -> &'static str {
        match self {
            Livelihood::Farming => "farming",
            Livelihood::MigrantWork => "migrant_work",
            Livelihood::Business => "business",
            Livelihood::Salaried => "salaried",
            Livelihood::None => "none",
        }
    }
}

/// The household's economy: the grid manager finds it out at the door.
#[derive(Debug, Clone)]
pub struct Economy {
    pub livelihood: Livelihood,
    pub net_income_yuan: i64,
    pub assets_yuan: i64,
    pub liabilities_yuan: i64,
    /// "clean_loans", "no_loans" or "overdue".
    pub credit_history: &'static str,
    pub insured: bool,
    pub land_mu: u32,
}

#[derive(Debug, Clone)]
pub struct SampleHousehold {
    /// 户号.
    pub number: String,
    pub village: &'static str,
    pub scorecard: &'static str,
    pub group: String,
    pub address: String,
    /// The head first.
    pub members: Vec<Member>,
    pub economy: Economy,
}

impl SampleHousehold {
    pub fn head(&self) -> &Person {
        &self.members[0].person
    }
}

fn birth_date(rng: &mut impl Rng, age: u32) -> NaiveDate {
    let year = census_day().year() - age as i32 - 1;
    let start = NaiveDate::from_ymd_opt(year, 12, 2).expect("a valid date");
    start + Days::new(rng.random_range(0..365))
}

fn age_on_census_day(born: NaiveDate) -> u32 {
    census_day().years_since(born).unwrap_or(0)
}

/// One family: a head, most often a spouse, children, sometimes the head's parents.
fn family(rng: &mut impl Rng, ids: &mut IdNumbers, minority: Option<usize>) -> Vec<Member> {
    // Most heads are of working age; about one in eight is older than the scorecards lend to.
    let head_age = if rng.random_ratio(1, 8) {
        rng.random_range(61..76)
    } else {
        rng.random_range(24..61)
    };
    let head_sex = if rng.random_ratio(4, 5) {
        Sex::Male
    } else {
        Sex::Female
    };
    let family_name = surname(rng);
    let born = birth_date(rng, head_age);
    let head = match minority {
        Some(n) => minority_person(rng, n, born, ids),
        None => han_person(rng, family_name, head_sex, born, ids),
    };
    let head_sex = head.sex;
    let mut members = vec![Member {
        person: Person {
            phone: Some(phone(rng)),
            ..head
        },
        relation: "户主",
    }];
    let married = head_age >= 26 && rng.random_ratio(5, 6);
    if married {
        let (sex, relation) = match head_sex {
            Sex::Male => (Sex::Female, "妻子"),
            Sex::Female => (Sex::Male, "丈夫"),
        };
        let age = (head_age as i32 + rng.random_range(-4..3)).clamp(20, 90) as u32;
        let (spouse_surname, born) = (surname(rng), birth_date(rng, age));
        let mut spouse = han_person(rng, spouse_surname, sex, born, ids);
        if rng.random_ratio(1, 2) {
            spouse.phone = Some(phone(rng));
        }
        members.push(Member {
            person: spouse,
            relation,
        });
    }
    let children = if married && head_age >= 28 {
        rng.random_range(0..4)
    } else {
        0
    };
    for _ in 0..children {
        let age = rng.random_range(1..(head_age - 22).min(30));
        let sex = if rng.random_ratio(1, 2) {
            Sex::Male
        } else {
            Sex::Female
        };
        let child_surname = if head_sex == Sex::Male {
            family_name
        } else {
            surname(rng)
        };
        let born = birth_date(rng, age);
        let child = han_person(rng, child_surname, sex, born, ids);
        let relation = if sex == Sex::Male { "儿子" } else { "女儿" };
        members.push(Member {
            person: child,
            relation,
        });
    }
    if head_age < 50 && rng.random_ratio(1, 2) {
        let age = head_age + rng.random_range(24..30);
        let born = birth_date(rng, age);
        let father = han_person(rng, family_name, Sex::Male, born, ids);
        members.push(Member {
            person: father,
            relation: "父亲",
        });
        if rng.random_ratio(2, 3) {
            let (mother_surname, born) = (surname(rng), birth_date(rng, age - 2));
            let mother = han_person(rng, mother_surname, Sex::Female, born, ids);
            members.push(Member {
                person: mother,
                relation: "母亲",
            });
        }
    }
    members
}

fn economy(rng: &mut impl Rng, head_age: u32) -> Economy {
    let livelihood = if head_age > 65 {
        *[Livelihood::Farming, Livelihood::None]
            .choose(rng)
            .expect("not empty")
    } else {
        *[
            Livelihood::Farming,
            Livelihood::Farming,
            Livelihood::MigrantWork,
            Livelihood::MigrantWork,
            Livelihood::Business,
            Livelihood::Salaried,
        ]
        .choose(rng)
        .expect("not empty")
    };
    let (low, high) = match livelihood {
        Livelihood::Business => (80_000, 260_000),
        Livelihood::Salaried => (60_000, 140_000),
        Livelihood::MigrantWork => (45_000, 110_000),
        Livelihood::Farming => (20_000, 70_000),
        Livelihood::None => (8_000, 25_000),
    };
    let net_income_yuan = rng.random_range(low / 1000..high / 1000) * 1000;
    let assets_yuan = net_income_yuan * rng.random_range(3..9) + rng.random_range(5..30) * 10_000;
    let liabilities_yuan = if rng.random_ratio(1, 2) {
        0
    } else {
        assets_yuan * rng.random_range(5..60) / 100 / 1000 * 1000
    };
    let credit_history = if liabilities_yuan == 0 {
        "no_loans"
    } else if rng.random_ratio(1, 12) {
        "overdue"
    } else {
        "clean_loans"
    };
    Economy {
        livelihood,
        net_income_yuan,
        assets_yuan,
        liabilities_yuan,
        credit_history,
        insured: rng.random_ratio(3, 4),
        land_mu: rng.random_range(0..9),
    }
}

/// `count` households spread over the villages' groups; `minorities` of them have a minority
/// head with a long name.
pub fn households(rng: &mut impl Rng, count: usize, minorities: usize) -> Vec<SampleHousehold> {
    let mut ids = IdNumbers::default();
    let stride = count / minorities.max(1);
    (0..count)
        .map(|i| {
            let (village, scorecard) = VILLAGES[i * VILLAGES.len() / count];
            let group = format!("{}组", i as u32 % GROUPS_PER_VILLAGE + 1);
            let minority = (minorities > 0 && i % stride == 7 && i / stride < minorities)
                .then_some(i / stride);
            let members = family(rng, &mut ids, minority);
            let head_age = age_on_census_day(members[0].person.born);
            SampleHousehold {
                number: format!("H{:04}", i + 1),
                village,
                scorecard,
                address: format!("{village}{group}{}号", i / 6 + 1),
                group,
                members,
                economy: economy(rng, head_age),
            }
        })
        .collect()
}

pub fn age(person: &Person) -> u32 {
    age_on_census_day(person.born)
}
