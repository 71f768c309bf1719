//! One entry point for building, generating bindings, testing and the demo.
//!
//! `cargo xtask test` runs every test (Rust, then the Kotlin/JVM tests against the real
//! library); `cargo xtask demo` runs the field workflow end to end.

mod go_tools;
mod prereq;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask <test|test-rust|test-kotlin|bindings|demo|bench|tools|app [--store DIR] [--samples DIR] [-demo]>";

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root();
    if matches!(
        task.as_str(),
        "test" | "test-rust" | "test-kotlin" | "demo" | "app"
    ) {
        prereq::ensure(&root)?;
    }
    match task.as_str() {
        "test" => {
            test_rust(&root)?;
            test_kotlin(&root)
        }
        "test-rust" => test_rust(&root),
        "test-kotlin" => test_kotlin(&root),
        "bindings" => bindings(&root).map(|_| ()),
        "demo" => demo(&root),
        "app" => app(&root, std::env::args().skip(2).collect()),
        "bench" => {
            let tools = go_tools::ensure(&root)?;
            let mut cargo = Command::new("cargo");
            cargo.args(["bench", "--workspace"]).current_dir(&root);
            go_tools::set_env(&mut cargo, &tools);
            run(&mut cargo)
        }
        // The Go tools alone, e.g. before `bash core/benches/all.sh`; prints each path.
        "tools" => {
            for (name, path) in go_tools::ensure(&root)? {
                println!("{name} {}", path.display());
            }
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed with {status}", cmd.get_program());
    }
    Ok(())
}

/// The one feature set every build here uses, so nothing compiles twice: the library with
/// its test-only calls (the Kotlin tests load the same library the Rust tests built).
const FEATURES: [&str; 2] = ["--features", "cunxin-ffi/testing"];

fn test_rust(root: &Path) -> Result<()> {
    // Toxiproxy for the upload-over-a-link test: here it must run, not skip.
    let tools = go_tools::ensure(root)?;
    let mut cargo = Command::new("cargo");
    cargo
        .args(["test", "--workspace"])
        .args(FEATURES)
        .current_dir(root);
    go_tools::set_env(&mut cargo, &tools);
    // The tus interop tests load the stock Node.js client and server with require().
    if let Some(node_path) = prereq::node_path() {
        cargo.env("NODE_PATH", node_path);
    }
    run(&mut cargo)
}

/// Builds the library with its test-only calls and generates the Kotlin bindings from it.
/// Returns the folder holding the library, for JNA.
fn bindings(root: &Path) -> Result<PathBuf> {
    // The libraries (the cdylib among them) and binaries, with the tests selected too so
    // features unify as in `cargo test` (their dev-dependencies count; a plain build or
    // `-p cunxin-ffi` resolves other features and compiles rustls, ring and all above again).
    run(Command::new("cargo")
        .args(["build", "--workspace", "--lib", "--bins", "--tests"])
        .args(FEATURES)
        .current_dir(root))?;
    // Honour CARGO_TARGET_DIR, as cargo itself does, so a shared target folder works.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), |dir| root.join(dir));
    let lib_dir = target.join("debug");
    let library = lib_dir.join(format!(
        "{}cunxin_ffi{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    let out = root.join("android/libraries/core/ffi/generated");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    run(Command::new(lib_dir.join("uniffi-bindgen"))
        .args([
            "generate",
            "--no-format",
            "--language",
            "kotlin",
            "--library",
        ])
        .arg(&library)
        .arg("--out-dir")
        .arg(&out)
        .current_dir(root.join("bindings")))?;
    Ok(lib_dir)
}

fn test_kotlin(root: &Path) -> Result<()> {
    // The workspace build in `bindings` also builds the reference platform, which the
    // hand-over tests start.
    let lib_dir = bindings(root)?;
    run(Command::new("mvn")
        .args(["-B", "--no-transfer-progress", "-f"])
        .arg(root.join("android/pom.xml"))
        .arg(format!("-Dcunxin.native.dir={}", lib_dir.display()))
        .arg("verify"))
}

/// The main job: the field day on the sample town (`cunxin demo`, which also writes the
/// village reports), then what a person sees: the desktop app on the sample when there is a
/// display, else a PNG of every screen of the same day. Everything lands in target/demo.
fn demo(root: &Path) -> Result<()> {
    let lib_dir = bindings(root)?;
    let out = root.join("target/demo");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let work = out.join("field-day");
    run(Command::new(lib_dir.join("cunxin"))
        .arg("demo")
        .arg("--keep")
        .arg(&work))?;
    let sample = work.join("sample");
    install_desktop(root)?;
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    if display {
        eprintln!(
            "xtask: opening the desktop app on a new store in {} with the sample's roster loaded: its passphrase is cunxin-demo; the camera's file chooser opens in the sample's photos",
            out.join("app-store").display(),
        );
        return run_desktop(
            root,
            &lib_dir,
            &format!(
                "--store {} --samples {} --roster {}",
                out.join("app-store").display(),
                sample.join("photos").display(),
                sample.join("roster.csv").display()
            ),
        );
    }
    let screens = out.join("screens");
    run(maven(root)
        .args(["-pl", "app-desktop", "exec:java@demo-screens"])
        .arg(format!("-Dcunxin.native.dir={}", lib_dir.display()))
        .arg(format!(
            "-Dcunxin.platform.bin={}",
            lib_dir.join("cunxin-platform").display()
        ))
        .arg(format!(
            "-Dexec.args=--sample {} --out {}",
            sample.display(),
            screens.display()
        )))?;
    println!(
        "\n看这里 look here: {}\n  screens/   every screen of the grid manager's day, as PNG (zh-CN, tablet)\n  field-day/report/   each village's roll-up and 公示名单 as HTML and PDF\n  field-day/   the sample, the tablet's store, the batch and the platform's data",
        out.display()
    );
    Ok(())
}

/// The desktop app over the real core: builds the library, then runs android/app-desktop.
/// Arguments after `app` go to the app (`--store DIR`, `--samples DIR`, `-demo`).
fn app(root: &Path, args: Vec<String>) -> Result<()> {
    let lib_dir = bindings(root)?;
    install_desktop(root)?;
    run_desktop(root, &lib_dir, &args.join(" "))
}

/// Maven, quiet, on the Android reactor.
fn maven(root: &Path) -> Command {
    let mut mvn = Command::new("mvn");
    mvn.args(["-B", "-q", "--no-transfer-progress", "-f"])
        .arg(root.join("android/pom.xml"));
    mvn
}

/// Installs app-desktop and the modules it needs (tests skipped): exec:java runs from them.
fn install_desktop(root: &Path) -> Result<()> {
    run(maven(root).args(["-pl", "app-desktop", "-am", "-DskipTests", "install"]))
}

/// Opens the desktop app over the library in `lib_dir` with the app's arguments.
fn run_desktop(root: &Path, lib_dir: &Path, args: &str) -> Result<()> {
    run(maven(root)
        .args(["-pl", "app-desktop", "exec:java"])
        .arg(format!("-Dcunxin.native.dir={}", lib_dir.display()))
        .arg(format!("-Dexec.args={args}")))
}
