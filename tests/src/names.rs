//! Names as a Henan village has them: common surnames weighted as they occur, rare ones with
//! tricky readings (单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú, 查 Zhā, 区 Ōu), two-character surnames,
//! and the long names of people who married in from minority regions (with the region code
//! of their birthplace).

/// Surnames with weights (王庄 is mostly 王; the rest as in rural Henan).
pub const SURNAMES: &[(&str, u64)] = &[
    ("王", 30),
    ("李", 14),
    ("张", 14),
    ("刘", 10),
    ("陈", 6),
    ("杨", 6),
    ("赵", 5),
    ("郭", 5),
    ("马", 4),
    ("孙", 4),
    ("周", 3),
    ("吴", 3),
    ("徐", 3),
    ("高", 3),
    ("朱", 3),
    ("胡", 2),
    ("何", 2),
    ("宋", 2),
    ("董", 2),
    ("范", 2),
    // Rare, and read differently as surnames.
    ("单", 1),
    ("曾", 1),
    ("解", 1),
    ("仇", 1),
    ("查", 1),
    ("区", 1),
    // Two-character surnames.
    ("欧阳", 1),
    ("司马", 1),
];

pub const MALE_GIVEN: &[&str] = &[
    "建国", "建军", "国强", "志强", "长明", "卫东", "红军", "保国", "振华", "德胜", "永福", "金山",
    "满仓", "铁柱", "俊杰", "浩", "磊", "伟", "涛", "鹏", "强", "军", "刚", "斌", "子轩", "浩然",
    "宇航", "梓豪", "一鸣", "明", "晨阳", "新民", "广生", "春生", "留柱",
];

pub const FEMALE_GIVEN: &[&str] = &[
    "秀兰", "秀英", "桂英", "玉梅", "凤琴", "淑珍", "桂芳", "翠花", "丽", "娟", "芳", "静", "敏",
    "艳", "霞", "红梅", "春燕", "晓燕", "雪梅", "梓涵", "欣怡", "雨桐", "诗涵", "佳怡", "一诺",
    "梦琪", "玉兰", "金凤", "小红", "海燕",
];

/// Someone who married in from far away: a name, the 民族 column, and the region code of
/// their birthplace (all in the 2023 division table).
pub struct Incomer {
    pub name: &'static str,
    pub male: bool,
    pub ethnicity: &'static str,
    pub region: &'static str,
}

pub const INCOMERS: &[Incomer] = &[
    Incomer {
        name: "阿依古丽·买买提",
        male: false,
        ethnicity: "维吾尔",
        region: "650102",
    },
    Incomer {
        name: "扎西多吉",
        male: true,
        ethnicity: "藏",
        region: "540102",
    },
    Incomer {
        name: "莫日根巴特尔",
        male: true,
        ethnicity: "蒙古",
        region: "150102",
    },
    Incomer {
        name: "阿卜杜热合曼·艾则孜",
        male: true,
        ethnicity: "维吾尔",
        region: "650102",
    },
    Incomer {
        name: "吴阿妹",
        male: false,
        ethnicity: "苗",
        region: "522601",
    },
];
