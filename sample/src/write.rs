//! Laying the sample out in a folder: the roster as the village's Excel wrote it, the
//! department lists, the field-day script and the pictures.

use crate::households::{SampleHousehold, TOWN};
use crate::plant::{Spoiled, truncated};
use crate::{PANEL, SampleVillage};
use std::fmt::Write as _;
use std::path::Path;

const ROSTER_HEADER: &str = "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息";

/// The ID number as a spoiled roster cell shows it.
fn id_cell(id: &str, spoiled: Option<Spoiled>) -> String {
    match spoiled {
        Some(Spoiled::ScientificId) => format!("{}.{}E+17", &id[..1], &id[1..6]),
        Some(Spoiled::TruncatedId) => truncated(id),
        _ => id.to_string(),
    }
}

fn roster_rows(out: &mut String, spoiled: Option<Spoiled>, household: &SampleHousehold) {
    let head_id = id_cell(&household.head().id_number, spoiled);
    for (k, member) in household.members.iter().enumerate() {
        let person = &member.person;
        let id = if k == 0 {
            head_id.clone()
        } else {
            person.id_number.clone()
        };
        let relation = if k == 1 && spoiled == Some(Spoiled::TwoHeads) {
            "户主"
        } else {
            member.relation
        };
        let _ = writeln!(
            out,
            "{TOWN},{},{},{id},{},{head_id},{},{},{},{},{relation},{},{},{}亩",
            household.village,
            household.group,
            person.name,
            household.number,
            household.address,
            person.phone.as_deref().unwrap_or(""),
            person.sex.label(),
            person.ethnicity,
            person.born.format("%Y-%m"),
            household.economy.land_mu,
        );
    }
}

/// The roster as the villages hand it over (UTF-8 CSV with the collection sheet's headers).
pub fn roster_csv(sample: &SampleVillage) -> String {
    let mut out = format!("{ROSTER_HEADER}\n");
    for (position, household) in sample.households.iter().enumerate() {
        roster_rows(&mut out, sample.spoiled.get(&position).copied(), household);
    }
    out
}

/// The departments' lists: only the people a department has a record of.
fn departments_csv(sample: &SampleVillage) -> String {
    let mut out = String::from(
        "身份证,姓名,法院被执行人,失信被执行人,建档立卡贫困户,违法记录,私家车,房产,农机\n",
    );
    let yes = |b: bool| if b { "是" } else { "否" };
    for household in &sample.households {
        let economy = &household.economy;
        let head = household.head();
        let flags = [
            economy.credit_history == "overdue" && economy.liabilities_yuan > 200_000,
            false,
            economy.net_income_yuan < 20_000,
            false,
            economy.assets_yuan > 600_000,
            economy.assets_yuan > 400_000,
            economy.land_mu >= 6,
        ];
        if flags.iter().any(|f| *f) {
            let cells: Vec<&str> = flags.iter().map(|f| yes(*f)).collect();
            let _ = writeln!(out, "{},{},{}", head.id_number, head.name, cells.join(","));
        }
    }
    out
}

impl SampleVillage {
    /// Draws the pictures on every core: they are most of the sample's writing time.
    fn draw_pictures(&self, dir: &Path) -> std::io::Result<()> {
        let pictures: Vec<(&String, &crate::Picture)> = self.pictures().iter().collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = pictures.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = pictures
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter().try_for_each(|(name, picture)| {
                            std::fs::write(dir.join(name), picture.draw())
                        })
                    })
                })
                .collect();
            workers
                .into_iter()
                .try_for_each(|w| w.join().expect("drawing a picture does not panic"))
        })
    }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec_pretty(value).expect("the sample serializes")
}

impl SampleVillage {
    /// Writes the sample into `dir` (created if missing; files of an earlier sample are
    /// replaced).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let files: Vec<(String, Vec<u8>)> = vec![
            ("roster.csv".into(), roster_csv(self).into_bytes()),
            ("departments.csv".into(), departments_csv(self).into_bytes()),
            ("panel.json".into(), json(&PANEL)),
            ("script.json".into(), json(&self.script)),
            ("problems.json".into(), json(&self.problems)),
        ];
        for folder in ["photos", "signatures"] {
            std::fs::create_dir_all(dir.join(folder))?;
        }
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes)?;
        }
        self.draw_pictures(dir)
    }
}
