//! Roster checking on real files made here: UTF-8, UTF-8 with BOM, GBK, and XLSX written
//! by a real writer with ID numbers stored as numbers, as Excel does.

use super::check_roster;
use super::source::Encoding;
use crate::intake::resident_id::check_character;
use std::path::PathBuf;

const HEADER: &str = "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息";

fn id(first17: &str) -> String {
    format!("{first17}{}", check_character(first17))
}

/// Two clean households: 王长明's (three people) and 李秀英's (one).
fn clean_rows() -> Vec<String> {
    let wang = id("41030319800307123");
    let wife = id("41030319820415124");
    let son = id("41030320050101125");
    let li = id("41030319700101126");
    vec![
        format!(
            "城关镇,王庄村,一组,{wang},王长明,{wang},H001,王庄村一组1号,13812345678,男,户主,汉,1980-03,5亩"
        ),
        format!("城关镇,王庄村,一组,{wife},张秀兰,{wang},H001,王庄村一组1号,,女,妻子,汉,1982.04,"),
        format!("城关镇,王庄村,一组,{son},王小明,{wang},H001,王庄村一组1号,,男,儿子,汉,200501,"),
        format!(
            "城关镇,王庄村,二组,{li},李秀英,{li},H002,王庄村二组3号,139 0000 1111,女,本人,回,1970年1月,2亩"
        ),
    ]
}

/// Digits as a Chinese input method types them in full-width mode.
fn full_width(ascii: &str) -> String {
    ascii
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn csv(rows: &[String]) -> String {
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

fn codes(problems: &[super::problem::Problem]) -> Vec<(usize, &'static str)> {
    problems.iter().map(|p| (p.row, p.code)).collect()
}

#[test]
fn a_clean_roster_in_every_encoding_groups_into_households() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(&clean_rows());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let files = [
        (write(&dir, "utf8.csv", text.as_bytes()), Encoding::Utf8),
        (
            write(
                &dir,
                "bom.csv",
                &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            ),
            Encoding::Utf8Bom,
        ),
        (write(&dir, "gbk.csv", &gbk), Encoding::Gb18030),
    ];
    for (path, encoding) in files {
        let report = check_roster(&path).unwrap();
        assert_eq!(report.encoding, encoding);
        assert_eq!(
            (report.rows, report.households, report.members),
            (4, 2, 4),
            "{path:?}"
        );
        assert!(
            report.errors.is_empty() && report.warnings.is_empty(),
            "{:?} {:?}",
            report.errors,
            report.warnings
        );
        let wang = &report.usable[0];
        assert_eq!(
            (wang.key.as_str(), wang.village.as_str(), wang.members.len()),
            ("H001", "王庄村", 3)
        );
        assert_eq!(wang.members[0].name, "王长明");
        assert_eq!(
            report.usable[1].members[0].phone.as_deref(),
            Some("13900001111")
        );
    }
}

#[test]
fn every_problem_class_is_reported_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = clean_rows();
    let head = id("41030319900101127");
    let second_head = id("41030319920101128");
    rows.extend([
        // 5: checksum wrong; 6: impossible date; 7: scientific notation; 8: trailing 000
        "城关镇,王庄村,三组,410303199001011230,赵一,,H003,,,,户主,汉,,".to_string(),
        format!(
            "城关镇,王庄村,三组,{},赵二,,H004,,,,户主,汉,,",
            id("41030319900230123")
        ),
        "城关镇,王庄村,三组,4.10303E+17,赵三,,H005,,,,户主,汉,,".to_string(),
        "城关镇,王庄村,三组,410303199001011000,赵四,,H006,,,,户主,汉,,".to_string(),
        // 9: duplicate of row 1
        rows[0].clone(),
        // 10, 11: two heads in H007
        format!("城关镇,王庄村,四组,{head},钱一,,H007,,,男,户主,汉,,"),
        format!("城关镇,王庄村,四组,{second_head},钱二,,H007,,,女,户主,汉,,"),
        // 12: no head in H008, unknown relation, bad phone, sex and birth mismatch, full-width digits
        format!(
            "城关镇,王庄村,四组,{},孙 一,,H008,,1234,女,干爹,汉,1991-05,",
            full_width(&id("41030319900101129"))
        ),
    ]);
    let report = check_roster(&write(&dir, "dirty.csv", csv(&rows).as_bytes())).unwrap();
    let errors = codes(&report.errors);
    for expected in [
        (5, "id_checksum"),
        (6, "id_birth_date"),
        (7, "excel_scientific"),
        (8, "excel_truncated"),
        (9, "duplicate_person"),
        (11, "two_heads"),
        (12, "no_head"),
    ] {
        assert!(
            errors.contains(&expected),
            "{expected:?} missing from {errors:?}"
        );
    }
    let warnings = codes(&report.warnings);
    for expected in [
        (12, "unknown_relation"),
        (12, "bad_phone"),
        (12, "sex_mismatch"),
        (12, "birth_date_mismatch"),
        (12, "full_width_id"),
    ] {
        assert!(
            warnings.contains(&expected),
            "{expected:?} missing from {warnings:?}"
        );
    }
    let excel = report
        .errors
        .iter()
        .find(|p| p.code == "excel_scientific")
        .unwrap();
    assert_eq!(excel.column, Some("身份证"));
    assert!(
        excel.message.contains("Excel") && excel.message.contains("Text"),
        "{}",
        excel.message
    );
    assert_eq!(
        report.households, 2,
        "only the two clean households are usable"
    );
    for p in report.errors.iter().chain(&report.warnings) {
        assert!(
            !p.message.contains("410303"),
            "messages never repeat ID numbers: {}",
            p.message
        );
        assert!(
            !p.message.contains("赵") && !p.message.contains("钱"),
            "nor names: {}",
            p.message
        );
    }
}

#[test]
fn xlsx_with_ids_stored_as_numbers_is_caught_and_text_ids_load() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // A title row above the headers, and the columns in another order, as villages send them.
    sheet.write_string(0, 0, "王庄村村级采集表").unwrap();
    let headers = [
        "姓名",
        "身份证号码",
        "户号",
        "与户主关系",
        "性别",
        "联系电话",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let wang = id("41030319800307123");
    sheet.write_string(2, 0, "王长明").unwrap();
    sheet.write_string(2, 1, &wang).unwrap();
    sheet.write_string(2, 2, "H001").unwrap();
    sheet.write_string(2, 3, "户主").unwrap();
    sheet.write_string(2, 4, "男").unwrap();
    sheet.write_number(2, 5, 13812345678.0).unwrap();
    sheet.write_string(3, 0, "李秀英").unwrap();
    // What Excel does to an ID typed into a General cell: a 15-significant-digit number.
    sheet.write_number(3, 1, 410303197001011260.0).unwrap();
    sheet.write_string(3, 2, "H002").unwrap();
    sheet.write_string(3, 3, "户主").unwrap();
    workbook.save(&path).unwrap();

    let report = check_roster(&path).unwrap();
    assert_eq!(report.encoding, Encoding::Xlsx);
    assert_eq!(codes(&report.errors), vec![(2, "excel_number")]);
    assert_eq!((report.households, report.members), (1, 1));
    assert_eq!(
        report.usable[0].members[0].phone.as_deref(),
        Some("13812345678")
    );
}

#[test]
fn unreadable_input_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let no_header = write(&dir, "x.csv", "a,b,c\n1,2,3\n".as_bytes());
    assert!(
        check_roster(&no_header)
            .unwrap_err()
            .to_string()
            .contains("姓名")
    );
    let broken_xlsx = write(&dir, "x.xlsx", b"PK\x03\x04garbage");
    assert!(
        check_roster(&broken_xlsx)
            .unwrap_err()
            .to_string()
            .contains("XLSX")
    );
    assert!(check_roster(&dir.path().join("missing.csv")).is_err());
}

mod fuzz {
    //! Bounded fuzzing on stable Rust, run in CI: random bytes and mutations of real roster
    //! files (CSV in two encodings, XLSX) must give a report or one error, never a panic.
    //! The open-ended cargo-fuzz target is fuzz/fuzz_targets/roster.rs.
    use super::*;
    use crate::intake::roster::check_roster_bytes;
    use proptest::prelude::*;

    fn seeds() -> Vec<Vec<u8>> {
        let text = csv(&clean_rows());
        let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, h) in ["姓名", "身份证", "户号", "与户主关系"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "王长明").unwrap();
        sheet.write_number(1, 1, 4.1e17).unwrap();
        vec![text.into_bytes(), gbk, workbook.save_to_buffer().unwrap()]
    }

    /// 3,000 cases a test in CI (a few seconds); `CUNXIN_FUZZ_CASES=1000000` for a long run by hand.
    fn cases() -> u32 {
        std::env::var("CUNXIN_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(3000)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = check_roster_bytes(bytes);
        }

        #[test]
        fn mutated_rosters_never_panic(seed in 0usize..3, edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16), cut in any::<prop::sample::Index>()) {
            let mut bytes = seeds()[seed].clone();
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            let keep = cut.index(bytes.len() + 1);
            bytes.truncate(keep.max(bytes.len() / 2));
            let _ = check_roster_bytes(bytes);
        }
    }
}

#[test]
fn usable_households_become_domain_households_with_one_head() {
    use crate::intake::relation::Relation;
    use crate::model::Household;
    let dir = tempfile::tempdir().unwrap();
    let report = check_roster(&write(&dir, "r.csv", csv(&clean_rows()).as_bytes())).unwrap();
    let household = Household::from_roster(&report.usable[0]).unwrap();
    assert_eq!(household.id.0, "H001");
    assert_eq!(household.head().name, "王长明");
    assert_eq!(household.place.village, "王庄村");
    assert_eq!(household.place.county_code.as_deref(), Some("410303"));
    assert_eq!(
        household
            .members
            .iter()
            .filter(|m| m.relation == Some(Relation::Head))
            .count(),
        1
    );
    assert_eq!(household.land, "5亩");
    let mut headless = report.usable[0].clone();
    headless
        .members
        .retain(|m| m.relation != Some(Relation::Head));
    assert!(Household::from_roster(&headless).is_err());
}

#[test]
fn a_truncated_head_id_that_passes_its_check_by_chance_is_still_excels_damage() {
    // 410303198003010000 passes the checksum (about one in eleven zeroed numbers does);
    // the head-ID column still holds the real number.
    let real = id("41030319800301123");
    let zeroed = "410303198003010000";
    assert_eq!(check_character(&zeroed[..17]), '0');
    let spouse = id("41030319820415124");
    let other = id("41030319700101126");
    let rows = vec![
        format!("城关镇,王庄村,一组,{zeroed},王长明,{real},H001,,,男,户主,汉,,"),
        format!("城关镇,王庄村,一组,{spouse},张秀兰,{real},H001,,,女,妻子,汉,,"),
        // The head's own number is right; the head-ID column was zeroed.
        format!("城关镇,王庄村,二组,{other},李秀英,{zeroed},H002,,,女,户主,汉,,"),
        // Two different real numbers: not Excel's doing, but still one of them is wrong.
        format!(
            "城关镇,王庄村,三组,{},赵四,{},H003,,,男,户主,汉,,",
            id("41030319900101113"),
            id("41030319900101121")
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let report = check_roster(&write(&dir, "zeroed.csv", csv(&rows).as_bytes())).unwrap();
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|p| (p.row, p.code, p.column))
        .collect();
    assert!(
        errors.contains(&(1, "excel_truncated", Some("身份证"))),
        "{errors:?}"
    );
    assert!(
        errors.contains(&(3, "excel_truncated", Some("户主身份证"))),
        "{errors:?}"
    );
    assert!(
        errors.contains(&(4, "head_id_mismatch", Some("户主身份证"))),
        "{errors:?}"
    );
    // The damaged head's household is not loaded as if it were sound.
    assert!(report.usable.iter().all(|h| h.key != "H003"));
}
