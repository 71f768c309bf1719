//! No personal data in any error text or log line: the bindings' calls are driven with the
//! names, ID numbers and phone numbers of a roster, failing in every way a screen can make
//! them fail, while every log line of the core is captured.

use cunxin_ffi::error::CunxinError;
use cunxin_ffi::intake::{check_resident_id, check_roster_file};
use cunxin_ffi::store::Store;
use std::io::Write;
use std::sync::{Arc, Mutex};

const NAMES: [&str; 3] = ["王长明", "单乐", "李秀英"];
const IDS: [&str; 3] = [
    "11010519491231002X",
    "410303199003071238",
    "110105194912310029",
];
const PHONES: [&str; 2] = ["13812345678", "13912345678"];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn roster(dir: &std::path::Path) -> String {
    // H002 has no household number: its key is the head's ID number.
    let csv = "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息\n\
        城关镇,王庄村,一组,11010519491231002X,王长明,,H001,王庄村1号,13812345678,女,户主,汉,1949-12,3亩\n\
        城关镇,王庄村,一组,410303199003071238,单乐,,,王庄村2号,,男,户主,汉,1990-03,\n\
        城关镇,王庄村,二组,110105194912310029,李秀英,,H003,王庄村3号,13912345678,女,户主,汉,1949-12,\n\
        城关镇,王庄村,二组,110105194912310021,李秀英,,H004,王庄村4号,13912345678,女,户主,汉,1949-12,\n";
    let path = dir.join("roster.csv");
    std::fs::write(&path, csv).unwrap();
    path.display().to_string()
}

fn failures(dir: &std::path::Path) -> Vec<CunxinError> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<(), CunxinError>| {
        if let Err(e) = r {
            errors.push(e)
        }
    };
    // A mistyped ID, and one with a name typed into it.
    keep(check_resident_id("110105194912310021".into()).map(|_| ()));
    keep(check_resident_id("王长明11010519491231".into()).map(|_| ()));
    let roster = roster(dir);
    let report = check_roster_file(roster.clone()).unwrap();
    assert!(!report.problems.is_empty(), "the bad ID row is reported");
    for p in &report.problems {
        for secret in NAMES.iter().chain(&IDS).chain(&PHONES) {
            assert!(!p.message.contains(secret), "{}", p.message);
        }
    }
    let store_dir = dir.join("store").display().to_string();
    let store = Store::create(store_dir.clone(), vec![7; 32]).unwrap();
    store.set_operator("GM0412".into()).unwrap();
    store.import_roster(roster).unwrap();
    let by_id = IDS[1].to_string();
    keep(store.finalize(by_id.clone()).map(|_| ()));
    keep(store.finalize("王长明".into()).map(|_| ()));
    keep(store.reopen(by_id.clone(), "单乐 moved".into()).map(|_| ()));
    keep(
        store
            .show_estimate(by_id.clone(), "luquan".into(), None)
            .map(|_| ()),
    );
    keep(
        store
            .capture_photo(
                by_id.clone(),
                dir.join("no-such-photo-王长明.jpg").display().to_string(),
                cunxin_core::store::PhotoKind::House,
                "GM0412".into(),
                None,
                None,
                None,
                false,
                None,
            )
            .map(|_| ()),
    );
    keep(Store::open(store_dir.clone(), vec![7; 32]).map(|_| ()));
    drop(store);
    keep(Store::open(store_dir, vec![8; 32]).map(|_| ()));
    errors
}

#[test]
fn no_error_text_or_log_line_names_a_resident() {
    let dir = tempfile::tempdir().unwrap();
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let errors = tracing::subscriber::with_default(subscriber, || failures(dir.path()));
    assert!(errors.len() >= 7, "{errors:?}");
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.lines().count() >= errors.len(),
        "every failure is logged:\n{log}"
    );
    for secret in NAMES.iter().chain(&IDS).chain(&PHONES) {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
        for e in &errors {
            assert!(!e.to_string().contains(secret), "{secret} in {e:?}");
        }
    }
}
