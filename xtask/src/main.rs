//! One entry point for building, generating bindings, testing and the demo.
//!
//! `cargo xtask test` runs every test (Rust, then the Kotlin/JVM tests against the real
//! library); `cargo xtask demo` runs the field workflow end to end. Each first checks what
//! it needs on the machine and installs what is missing ([`prereq`]), so that no build
//! tool's panic reaches a newcomer.

mod prereq;

use anyhow::{Context, Result, bail};
use prereq::{Need, ToolEnv};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask <test|test-rust|test-kotlin|bindings|demo|bench>";

fn main() -> std::process::ExitCode {
    match task() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn task() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    let root = workspace_root();
    let needs: &[Need] = match task.as_str() {
        "demo" => &[Need::Build, Need::Demo],
        "test" | "test-rust" | "test-kotlin" | "bench" => &[Need::Build, Need::Test],
        "bindings" => &[Need::Build],
        _ => bail!("{USAGE}"),
    };
    let env = prereq::ensure(&root, needs)?;
    match task.as_str() {
        "test" => {
            test_rust(&root, &env)?;
            test_kotlin(&root, &env)
        }
        "test-rust" => test_rust(&root, &env),
        "test-kotlin" => test_kotlin(&root, &env),
        "bindings" => bindings(&root, &env).map(|_| ()),
        "demo" => demo(&root, &env),
        _ => run(
            Command::new("cargo")
                .args(["bench", "--workspace"])
                .current_dir(&root),
            &env,
        ),
    }
}

/// The demo: what a person would have seen goes to `target/demo`.
fn demo(root: &Path, env: &ToolEnv) -> Result<()> {
    if std::env::var_os("DISPLAY").is_some() {
        // The desktop app (the field-app screens) opens here once it is part of the build.
        eprintln!(
            "xtask: there is a display, but the desktop app is not part of this build yet; running the field day headless"
        );
    }
    let out = prereq::target_dir(root).join("demo");
    run(
        Command::new("cargo")
            .args(["run", "--quiet", "-p", "cunxin-cli", "--", "demo", "--out"])
            .arg(&out)
            .current_dir(root),
        env,
    )
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn run(cmd: &mut Command, env: &ToolEnv) -> Result<()> {
    env.apply(cmd);
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed with {status}", cmd.get_program());
    }
    Ok(())
}

fn test_rust(root: &Path, env: &ToolEnv) -> Result<()> {
    run(
        Command::new("cargo")
            .args(["test", "--workspace"])
            .current_dir(root),
        env,
    )
}

/// Builds the library with its test-only calls and generates the Kotlin bindings from it.
/// Returns the folder holding the library, for JNA.
fn bindings(root: &Path, env: &ToolEnv) -> Result<PathBuf> {
    run(
        Command::new("cargo")
            .args(["build", "-p", "cunxin-ffi", "--features", "testing"])
            .current_dir(root),
        env,
    )?;
    // Honour CARGO_TARGET_DIR, as cargo itself does, so a shared target folder works.
    let target = prereq::target_dir(root);
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
    run(
        Command::new("cargo")
            .args([
                "run",
                "--quiet",
                "-p",
                "cunxin-ffi",
                "--features",
                "testing",
                "--bin",
                "uniffi-bindgen",
                "--",
            ])
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
            .current_dir(root.join("bindings")),
        env,
    )?;
    Ok(lib_dir)
}

fn test_kotlin(root: &Path, env: &ToolEnv) -> Result<()> {
    let lib_dir = bindings(root, env)?;
    // The hand-over test uploads to the reference platform, started from the test.
    run(
        Command::new("cargo")
            .args(["build", "-p", "cunxin-platform"])
            .current_dir(root),
        env,
    )?;
    run(
        Command::new("mvn")
            .args(["-B", "--no-transfer-progress", "-f"])
            .arg(root.join("android/pom.xml"))
            .arg(format!("-Dcunxin.native.dir={}", lib_dir.display()))
            .arg("verify"),
        env,
    )
}
