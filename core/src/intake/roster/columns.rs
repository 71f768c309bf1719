//! The Ganchahe collection sheet's columns (附件2), found by header in any order, tolerating
//! small variations of the header words and extra columns.

use super::source::Cell;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Column {
    Town,
    Village,
    Group,
    IdNumber,
    Name,
    HeadIdNumber,
    HouseholdNumber,
    Address,
    Phone,
    Sex,
    Relation,
    Ethnicity,
    BirthDate,
    Land,
}

/// Header words per column, most specific first (户主身份证 before 身份证).
const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::HeadIdNumber,
        &["户主身份证号码", "户主身份证号", "户主身份证"],
    ),
    (
        Column::IdNumber,
        &["身份证号码", "身份证号", "公民身份号码", "身份证"],
    ),
    (
        Column::Town,
        &["乡镇(街道)", "乡镇（街道）", "乡镇街道", "乡镇"],
    ),
    (
        Column::Village,
        &["行政村名称", "行政村(社区)", "行政村", "村(社区)", "村名"],
    ),
    (Column::Group, &["组名", "村民小组", "小组", "组"]),
    (Column::Name, &["姓名"]),
    (Column::HouseholdNumber, &["户号", "户编号"]),
    (
        Column::Address,
        &["现居住地址", "居住地址", "家庭住址", "住址", "地址"],
    ),
    (
        Column::Phone,
        &["联系方式", "联系电话", "手机号码", "手机号", "电话"],
    ),
    (Column::Sex, &["性别"]),
    (Column::Relation, &["与户主关系", "与户主的关系", "关系"]),
    (Column::Ethnicity, &["民族"]),
    (Column::BirthDate, &["出生年月", "出生日期", "出生年月日"]),
    (
        Column::Land,
        &["承包土地及山林信息", "承包土地及山林", "承包土地"],
    ),
];

impl Column {
    /// The header of the Ganchahe collection sheet (附件2), for the problem report.
    pub fn header(self) -> &'static str {
        match self {
            Column::Town => "乡镇",
            Column::Village => "行政村名称",
            Column::Group => "组名",
            Column::IdNumber => "身份证",
            Column::Name => "姓名",
            Column::HeadIdNumber => "户主身份证",
            Column::HouseholdNumber => "户号",
            Column::Address => "现居住地址",
            Column::Phone => "联系方式",
            Column::Sex => "性别",
            Column::Relation => "与户主关系",
            Column::Ethnicity => "民族",
            Column::BirthDate => "出生年月",
            Column::Land => "承包土地及山林信息",
        }
    }
}

/// Where each known column is in the sheet.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap(Vec<(Column, usize)>);

impl ColumnMap {
    pub fn index(&self, column: Column) -> Option<usize> {
        self.0.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }

    pub fn has(&self, column: Column) -> bool {
        self.index(column).is_some()
    }
}

fn clean_header(text: &str) -> String {
    super::super::text::normalize_text(text).replace([' ', '*', '\n'], "")
}

/// Maps one header row; an exact word wins over a header that merely starts with one.
pub fn map_headers(row: &[Cell]) -> ColumnMap {
    let headers: Vec<String> = row.iter().map(|c| clean_header(&c.text())).collect();
    let mut map = Vec::new();
    let mut taken = vec![false; headers.len()];
    for exact in [true, false] {
        for (column, words) in HEADERS {
            if map.iter().any(|(c, _)| c == column) {
                continue;
            }
            let found = headers.iter().enumerate().find(|(i, h)| {
                !taken[*i]
                    && words
                        .iter()
                        .any(|w| if exact { h == w } else { h.starts_with(w) })
            });
            if let Some((i, _)) = found {
                taken[i] = true;
                map.push((*column, i));
            }
        }
    }
    ColumnMap(map)
}

/// The header row is the first of the first ten rows that has a name and an ID column
/// (a title row above it is common).
pub fn find_header_row(rows: &[Vec<Cell>]) -> Option<(usize, ColumnMap)> {
    rows.iter().take(10).enumerate().find_map(|(i, row)| {
        let map = map_headers(row);
        (map.has(Column::Name) && map.has(Column::IdNumber)).then_some((i, map))
    })
}
