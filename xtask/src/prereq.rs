//! What a fresh machine needs besides Rust, a JDK and Maven: the Debian, Python and npm
//! packages listed once in `.ci/` (read by these commands and by CI alike). Missing ones are
//! installed when this user may (root, or sudo without a password); otherwise the command
//! stops with one sentence naming what to run.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Command, Stdio};

/// Checks every listed package and installs what is missing.
pub fn ensure(root: &Path) -> Result<()> {
    let ci = root.join(".ci");
    let apt = missing(&list(&ci.join("apt-packages"))?, apt_installed);
    if !apt.is_empty() {
        install(
            "Debian packages",
            &apt,
            &[
                &["apt-get", "update", "-qq"],
                &["apt-get", "install", "-y", "-qq", "--no-install-recommends"],
            ],
        )?;
    }
    let pip = missing(&list(&ci.join("pip-packages"))?, pip_installed);
    if !pip.is_empty() {
        // pip may install for this user alone; no root needed.
        let user = (!is_root()).then_some("--user");
        let mut args = vec![
            "python3",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ];
        args.extend(user);
        run_install("Python packages", &pip, &args, false)?;
    }
    let npm = missing(&list(&ci.join("npm-packages"))?, npm_installed);
    if !npm.is_empty() {
        install(
            "npm packages",
            &npm,
            &[&[
                "npm",
                "install",
                "--global",
                "--silent",
                "--no-fund",
                "--no-audit",
            ]],
        )?;
    }
    Ok(())
}

/// Where the global npm packages are, for the tests that load them with `require()`.
pub fn node_path() -> Option<String> {
    let out = Command::new("npm")
        .args(["root", "--global"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The names in a list file: one per line, `#` comments and blank lines left out.
fn list(path: &Path) -> Result<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let mut names: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

fn missing(names: &[String], installed: fn(&str) -> bool) -> Vec<String> {
    names.iter().filter(|n| !installed(n)).cloned().collect()
}

fn quiet(program: &str, args: &[&str]) -> Option<std::process::Output> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()
}

fn apt_installed(name: &str) -> bool {
    quiet("dpkg-query", &["-W", "-f=${Status}", name])
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn pip_installed(name: &str) -> bool {
    quiet("python3", &["-m", "pip", "show", "--quiet", name]).is_some_and(|o| o.status.success())
}

fn npm_installed(name: &str) -> bool {
    node_path().is_some_and(|dir| Path::new(&dir).join(name).join("package.json").is_file())
}

fn is_root() -> bool {
    quiet("id", &["-u"]).is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn passwordless_sudo() -> bool {
    quiet("sudo", &["-n", "true"]).is_some_and(|o| o.status.success())
}

/// Runs each step (the last with the names appended) as root, via sudo when needed.
fn install(what: &str, names: &[String], steps: &[&[&str]]) -> Result<()> {
    let sudo = if is_root() {
        false
    } else if passwordless_sudo() {
        true
    } else {
        let last = steps.last().copied().unwrap_or_default();
        bail!(
            "missing {what}: {}; install them with `sudo {} {}` and run this command again",
            names.join(" "),
            last.join(" "),
            names.join(" ")
        );
    };
    for (i, step) in steps.iter().enumerate() {
        let is_last = i + 1 == steps.len();
        run_install(what, if is_last { names } else { &[] }, step, sudo)?;
    }
    Ok(())
}

fn run_install(what: &str, names: &[String], args: &[&str], sudo: bool) -> Result<()> {
    let (program, rest) = if sudo {
        ("sudo", args)
    } else {
        (args[0], &args[1..])
    };
    eprintln!("xtask: installing {what}: {}", names.join(" "));
    let status = Command::new(program)
        .args(rest)
        .args(names)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("could not start {program} to install the {what}"))?;
    if !status.success() {
        bail!(
            "installing the {what} ({}) failed ({status}); the lines above say why",
            names.join(" ")
        );
    }
    Ok(())
}
