//! Checking every row and household of a roster.

use super::columns::{Column, ColumnMap};
use super::problem::{Problem, Severity};
use super::source::Cell;
use super::{RosterHousehold, RosterMember};
use crate::intake::relation::Relation;
use crate::intake::resident_id::{IdError, ResidentId, Sex, normalize};
use crate::intake::text::{normalize_mobile, normalize_name, normalize_text};
use std::collections::{BTreeMap, HashMap};

pub struct Checked {
    pub problems: Vec<Problem>,
    pub households: Vec<RosterHousehold>,
    pub rows: usize,
}

struct Row<'a> {
    number: usize,
    cells: &'a [Cell],
    map: &'a ColumnMap,
}

impl Row<'_> {
    fn cell(&self, column: Column) -> Cell {
        self.map
            .index(column)
            .and_then(|i| self.cells.get(i))
            .cloned()
            .unwrap_or(Cell::Empty)
    }
    fn text(&self, column: Column) -> String {
        normalize_text(&self.cell(column).text())
    }
}

pub fn check_rows(data: &[Vec<Cell>], map: &ColumnMap) -> Checked {
    let mut problems = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut groups: BTreeMap<String, Vec<RosterMember>> = BTreeMap::new();
    let mut places: HashMap<String, (String, String, String, String)> = HashMap::new();
    let mut rows = 0;
    for (i, cells) in data.iter().enumerate() {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        rows += 1;
        let row = Row {
            number: i + 1,
            cells,
            map,
        };
        let before = problems.len();
        let member = check_member(&row, &mut problems);
        let row_has_error = problems[before..]
            .iter()
            .any(|p| p.severity == Severity::Error);
        let Some(member) = member else { continue };
        if let Some(first) = seen_ids.get(&member.id_number) {
            problems.push(Problem::new(
                Severity::Error,
                row.number,
                Some(Column::IdNumber),
                "duplicate_person",
                &format!("同一身份证号已在第{first}行出现，请删除重复的一行"),
                &format!("the same person is already on row {first}; delete the duplicate row"),
            ));
            continue;
        }
        seen_ids.insert(member.id_number.clone(), row.number);
        if row_has_error {
            continue;
        }
        let key = household_key(&row, &member);
        let Some(key) = key else {
            problems.push(Problem::new(
                Severity::Error,
                row.number,
                Some(Column::HouseholdNumber),
                "no_household",
                "既无户号也无户主身份证号，无法归户；请补填户号",
                "neither a household number nor the head's ID number: fill in the household number",
            ));
            continue;
        };
        places.entry(key.clone()).or_insert_with(|| {
            (
                row.text(Column::Town),
                row.text(Column::Village),
                row.text(Column::Group),
                row.text(Column::Address),
            )
        });
        groups.entry(key).or_default().push(member);
    }
    let mut households = Vec::new();
    for (key, members) in groups {
        let heads: Vec<&RosterMember> = members
            .iter()
            .filter(|m| m.relation == Some(Relation::Head))
            .collect();
        match heads.len() {
            0 => problems.push(Problem::new(
                Severity::Error,
                members[0].row,
                Some(Column::Relation),
                "no_head",
                "该户没有户主，请标明户主",
                "this household has no head: mark who is the head (户主)",
            )),
            1 => {}
            _ => {
                for extra in &heads[1..] {
                    problems.push(Problem::new(Severity::Error, extra.row, Some(Column::Relation), "two_heads",
                        &format!("该户已有户主（第{}行），一户只能有一个户主", heads[0].row),
                        &format!("this household already has a head on row {}; a household has exactly one head", heads[0].row)));
                }
            }
        }
        if heads.len() != 1 {
            continue;
        }
        let (town, village, group, address) = places.remove(&key).unwrap_or_default();
        households.push(RosterHousehold {
            key,
            town,
            village,
            group,
            address,
            members,
        });
    }
    problems.sort_by_key(|p| (p.row, p.severity == Severity::Warning));
    Checked {
        problems,
        households,
        rows,
    }
}

fn household_key(row: &Row, member: &RosterMember) -> Option<String> {
    let number = row.text(Column::HouseholdNumber);
    if !number.is_empty() {
        return Some(number);
    }
    let head_id = normalize(&row.text(Column::HeadIdNumber));
    if !head_id.is_empty() {
        return Some(head_id);
    }
    (member.relation == Some(Relation::Head)).then(|| member.id_number.clone())
}

fn check_member(row: &Row, problems: &mut Vec<Problem>) -> Option<RosterMember> {
    let n = row.number;
    let name = normalize_name(&row.cell(Column::Name).text());
    if name.is_empty() {
        problems.push(Problem::new(
            Severity::Error,
            n,
            Some(Column::Name),
            "missing_name",
            "姓名为空",
            "the name is empty",
        ));
    }
    let id = check_id(row, problems)?;
    let relation_word = row.text(Column::Relation);
    let relation = Relation::from_word(&relation_word);
    if relation.is_none() {
        let (zh, en) = if relation_word.is_empty() {
            ("与户主关系为空", "the relation to the head is empty")
        } else {
            (
                "无法识别的与户主关系，已原样保留，请改为标准称谓（户主、配偶、子、女等）",
                "unknown relation word, kept as written; use a standard word (户主, 配偶, 子, 女 …)",
            )
        };
        problems.push(Problem::new(
            Severity::Warning,
            n,
            Some(Column::Relation),
            "unknown_relation",
            zh,
            en,
        ));
    }
    if relation == Some(Relation::Head) {
        check_head_id_column(row, &id, problems);
    }
    check_sex(row, &id, problems);
    check_birth(row, &id, problems);
    let phone_text = row.text(Column::Phone);
    let phone = normalize_mobile(&phone_text);
    if !phone_text.is_empty() && phone.is_none() {
        problems.push(Problem::new(
            Severity::Warning,
            n,
            Some(Column::Phone),
            "bad_phone",
            "联系方式不是有效的手机号码（11位，1开头）",
            "the phone is not a valid mainland mobile number (11 digits starting with 1)",
        ));
    }
    if name.is_empty() {
        return None;
    }
    Some(RosterMember {
        row: n,
        name,
        id_number: id.as_str().to_string(),
        birth_date: id.birth_date(),
        sex: id.sex(),
        relation,
        relation_word,
        phone,
        ethnicity: row.text(Column::Ethnicity),
        land: row.text(Column::Land),
    })
}

fn check_id(row: &Row, problems: &mut Vec<Problem>) -> Option<ResidentId> {
    let n = row.number;
    let col = Some(Column::IdNumber);
    let mut error = |code, zh: &str, en: &str| {
        problems.push(Problem::new(Severity::Error, n, col, code, zh, en));
        None
    };
    const EXCEL_FIX_ZH: &str = "请把身份证列设为“文本”格式后重新录入";
    const EXCEL_FIX_EN: &str = "format the ID column as Text in Excel and enter the numbers again";
    let raw = match row.cell(Column::IdNumber) {
        Cell::Number(_) => {
            return error(
                "excel_number",
                &format!("身份证号被Excel存成了数字，末几位已丢失；{EXCEL_FIX_ZH}"),
                &format!(
                    "Excel stored the ID number as a number and lost its last digits; {EXCEL_FIX_EN}"
                ),
            );
        }
        cell => cell.text(),
    };
    let text = normalize_text(&raw);
    if text.is_empty() {
        return error("missing_id", "身份证号为空", "the ID number is empty");
    }
    if text.contains(['E', 'e']) && text.contains(['+', '.']) {
        return error(
            "excel_scientific",
            &format!(
                "身份证号被Excel改成了科学计数法（如4.10303E+17），末几位已丢失；{EXCEL_FIX_ZH}"
            ),
            &format!(
                "Excel turned the ID number into scientific notation (like 4.10303E+17) and lost digits; {EXCEL_FIX_EN}"
            ),
        );
    }
    let full_width = raw
        .chars()
        .any(|c| ('\u{FF10}'..='\u{FF19}').contains(&c) || c == '\u{FF38}' || c == '\u{FF58}');
    match ResidentId::parse(&text) {
        Ok(id) => {
            if !crate::intake::divisions::is_current_county(id.region_code()) {
                problems.push(Problem::new(Severity::Warning, n, col, "unknown_county",
                    "身份证号的区县代码不在现行区划表中（可能是撤并前的旧代码），请核对", "the ID's county code is not in the current division table (perhaps a county merged since); please check"));
            }
            if full_width {
                problems.push(Problem::new(
                    Severity::Warning,
                    n,
                    col,
                    "full_width_id",
                    "身份证号含全角字符，已自动转为半角",
                    "the ID number had full-width characters; they were converted",
                ));
            }
            Some(id)
        }
        Err(IdError::Checksum) if text.len() == 18 && text.ends_with("000") => error(
            "excel_truncated",
            &format!("身份证号末三位为000且校验位不符，疑似被Excel截断；{EXCEL_FIX_ZH}"),
            &format!(
                "the ID number ends in 000 and fails its check, as when Excel cuts digits off; {EXCEL_FIX_EN}"
            ),
        ),
        Err(e) => {
            let (code, zh) = match e {
                IdError::Length => ("id_length", "身份证号应为18位"),
                IdError::Charset => ("id_charset", "身份证号只能是17位数字加1位数字或X"),
                IdError::Checksum => ("id_checksum", "身份证号校验位不符，可能有数字录错"),
                IdError::BirthDate => ("id_birth_date", "身份证号中的出生日期不存在或在未来"),
                IdError::Province => ("id_province", "身份证号前两位不是有效的省份代码"),
            };
            error(code, zh, &e.to_string())
        }
    }
}

/// A head's own ID number and the head-ID column are the same person's. When Excel zeroed the
/// last three digits of one of them, the damaged number still passes its check about one time in
/// eleven, so a trailing `000` that disagrees with the other column is Excel's damage.
fn check_head_id_column(row: &Row, id: &ResidentId, problems: &mut Vec<Problem>) {
    let head_column = normalize(&row.text(Column::HeadIdNumber));
    if head_column.is_empty() || head_column == id.as_str() {
        return;
    }
    let (column, code, zh, en) = if id.as_str().ends_with("000") {
        (
            Column::IdNumber,
            "excel_truncated",
            "户主本人的身份证号末三位为000且与户主身份证列不一致，疑似被Excel截断；请把身份证列设为“文本”格式后重新录入",
            "the head's ID number ends in 000 and disagrees with the head-ID column, as when Excel cuts digits off; format the ID columns as Text in Excel and enter the numbers again",
        )
    } else if head_column.ends_with("000") {
        (
            Column::HeadIdNumber,
            "excel_truncated",
            "户主身份证列末三位为000且与户主本人的身份证号不一致，疑似被Excel截断；请把身份证列设为“文本”格式后重新录入",
            "the head-ID column ends in 000 and disagrees with the head's own ID number, as when Excel cuts digits off; format the ID columns as Text in Excel and enter the numbers again",
        )
    } else {
        (
            Column::HeadIdNumber,
            "head_id_mismatch",
            "户主本人的身份证号与户主身份证列不一致，请核对是哪一个录错了",
            "the head's own ID number disagrees with the head-ID column; check which of the two is wrong",
        )
    };
    problems.push(Problem::new(
        Severity::Error,
        row.number,
        Some(column),
        code,
        zh,
        en,
    ));
}

fn check_sex(row: &Row, id: &ResidentId, problems: &mut Vec<Problem>) {
    let sex = match row.text(Column::Sex).as_str() {
        "男" | "M" | "男性" => Some(Sex::Male),
        "女" | "F" | "女性" => Some(Sex::Female),
        _ => None,
    };
    if sex.is_some_and(|s| s != id.sex()) {
        problems.push(Problem::new(
            Severity::Warning,
            row.number,
            Some(Column::Sex),
            "sex_mismatch",
            "性别与身份证号不符",
            "the sex column disagrees with the ID number",
        ));
    }
}

fn check_birth(row: &Row, id: &ResidentId, problems: &mut Vec<Problem>) {
    use chrono::Datelike;
    let text = row.cell(Column::BirthDate).text();
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let (year, month) = match digits.as_slice() {
        [] => return,
        [compact] if *compact > 10000 => {
            let s = compact.to_string();
            (
                s.get(..4).and_then(|y| y.parse().ok()),
                s.get(4..6).and_then(|m| m.parse().ok()),
            )
        }
        [y, m, ..] => (Some(*y as i32), Some(*m)),
        [y] => (Some(*y as i32), None),
    };
    let birth = id.birth_date();
    let disagrees = year.is_some_and(|y: i32| y != birth.year())
        || month.is_some_and(|m: u32| m != birth.month());
    if disagrees {
        problems.push(Problem::new(
            Severity::Warning,
            row.number,
            Some(Column::BirthDate),
            "birth_date_mismatch",
            "出生年月与身份证号不符",
            "the birth date column disagrees with the ID number",
        ));
    }
}
