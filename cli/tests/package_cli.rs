//! `cunxin package import` through the binary: a package a bank engineer made with stock
//! `tar`, `age` and `minisign` for the key `cunxin device key --out` wrote, applied once; the
//! same package again is refused (exit 1) with the reason and nothing changed.

use assert_cmd::Command;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::Path;

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

fn stock(program: &str, dir: &Path, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} could not start (is it installed?): {e}"));
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const ROSTER: &str = "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息\n\
城关镇,王庄村,1组,410303199003071238,单乐,,H001,王庄村1号,,男,户主,汉,1990-03,\n";

#[test]
fn a_stock_made_package_is_imported_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let store = [
        "--store",
        d.join("store").to_str().unwrap(),
        "--key-file",
        d.join("store.key").to_str().unwrap(),
    ]
    .map(String::from);
    cunxin().arg("init").args(&store).assert().success();
    let keys: Value = serde_json::from_slice(
        &cunxin()
            .args(["device", "key", "--json", "--out"])
            .arg(d.join("tablet.pub"))
            .args(&store)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    stock(
        "minisign",
        d,
        &["-G", "-W", "-p", "platform.pub", "-s", "platform.key"],
    );

    std::fs::write(d.join("roster.csv"), ROSTER).unwrap();
    let manifest = json!({
        "format": "cunxin-package/1", "package_id": "pkg-0001", "device_id": keys["device_id"],
        "previous": null, "created_at": "2026-12-02T08:00:00+08:00",
        "files": {"roster.csv": hex::encode(Sha256::digest(ROSTER))},
    });
    std::fs::write(d.join("package.json"), manifest.to_string()).unwrap();
    stock("tar", d, &["-cf", "pkg.tar", "package.json", "roster.csv"]);
    stock(
        "age",
        d,
        &["-R", "tablet.age", "-o", "pkg.tar.age", "pkg.tar"],
    );
    stock(
        "minisign",
        d,
        &["-S", "-s", "platform.key", "-m", "pkg.tar.age"],
    );

    let import = || {
        cunxin()
            .args(["package", "import"])
            .arg(d.join("pkg.tar.age"))
            .arg("--platform-key")
            .arg(d.join("platform.pub"))
            .args(&store)
            .output()
            .unwrap()
    };
    let first = import();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let printed = String::from_utf8(first.stdout).unwrap();
    assert!(
        printed.contains("pkg-0001 imported") && printed.contains("1 added"),
        "{printed}"
    );

    let again = import();
    assert_eq!(again.status.code(), Some(1));
    let said = String::from_utf8(again.stderr).unwrap();
    assert!(
        said.contains("nothing was changed") && said.contains("already imported"),
        "{said}"
    );
    let listed: Value = serde_json::from_slice(
        &cunxin()
            .args(["households", "list", "--json"])
            .args(&store)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
}
