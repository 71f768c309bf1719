//! What a task needs on the machine, from the one list in `.ci/` (`apt-packages`,
//! `pip-packages`, `npm-packages`, `go-packages`): checked before anything is built, installed
//! when this user may (root, or `sudo -n`), otherwise one sentence naming the exact command.
//! Python, npm and Go tools go under `target/tools/`, so they need no root.

use anyhow::{Result, bail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a task is about to do; each list line says which of these need it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// Compiling the workspace (every task).
    Build,
    Demo,
    Test,
}

impl Need {
    fn tag(self) -> &'static str {
        match self {
            Need::Build => "build",
            Need::Demo => "demo",
            Need::Test => "test",
        }
    }
}

/// The environment the task's commands run with: where the locally installed tools are.
#[derive(Default)]
pub struct ToolEnv {
    pub vars: Vec<(String, OsString)>,
}

impl ToolEnv {
    pub fn apply(&self, cmd: &mut Command) {
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
    }
}

/// One list: lines `name  tag tag…  # why`; a line with no tag is needed by tests.
fn read_list(root: &Path, file: &str) -> Result<Vec<(String, Vec<String>)>> {
    let path = root.join(".ci").join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => bail!("could not read {}: {e}", path.display()),
    };
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_string);
            let name = words.next().unwrap_or_default();
            let mut tags: Vec<String> = words.collect();
            if tags.is_empty() {
                tags.push("test".into());
            }
            (name, tags)
        })
        .collect())
}

fn needed(list: Vec<(String, Vec<String>)>, needs: &[Need]) -> Vec<String> {
    list.into_iter()
        .filter(|(_, tags)| needs.iter().any(|n| tags.iter().any(|t| t == n.tag())))
        .map(|(name, _)| name)
        .collect()
}

fn quiet(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn have(program: &str) -> bool {
    quiet(Command::new(program).arg("--version"))
}

/// How this user may install system packages: directly as root, through `sudo -n`, or not.
fn privilege() -> Option<Vec<&'static str>> {
    if output(Command::new("id").arg("-u")).as_deref() == Some("0") {
        Some(vec![])
    } else if quiet(Command::new("sudo").args(["-n", "true"])) {
        Some(vec!["sudo", "-n"])
    } else {
        None
    }
}

fn run_shown(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: {}", describe(cmd));
    let status = cmd.status()?;
    if !status.success() {
        bail!("`{}` failed with {status}", describe(cmd));
    }
    Ok(())
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.ends_with(" installed"))
}

/// Debian packages not installed (dpkg says so). `a|b` is one package under two names (a
/// library renamed between releases): either will do, and the one apt knows is installed.
fn missing_apt(packages: &[String]) -> Vec<String> {
    packages
        .iter()
        .filter_map(|p| {
            let names: Vec<&str> = p.split('|').collect();
            if names.iter().any(|n| installed(n)) {
                return None;
            }
            let known = names
                .iter()
                .find(|n| quiet(Command::new("apt-cache").args(["show", n])))
                .unwrap_or(&names[0]);
            Some(known.to_string())
        })
        .collect()
}

fn apt_install(packages: &[String]) -> Result<()> {
    if packages.is_empty() {
        return Ok(());
    }
    let words = packages.join(" ");
    if !have("dpkg-query") {
        bail!(
            "this machine has no dpkg (not Debian or Ubuntu): install the equivalents of {words} with its package manager, then run the command again"
        );
    }
    let Some(prefix) = privilege() else {
        bail!(
            "this machine lacks {words}: install them with `sudo apt-get install -y --no-install-recommends {words}`, then run the command again"
        );
    };
    let command = |args: &[&str]| {
        let mut all: Vec<&str> = prefix.clone();
        all.extend_from_slice(args);
        let mut cmd = Command::new(all[0]);
        cmd.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    eprintln!("xtask: installing the Debian packages this machine lacks: {words}");
    run_shown(&mut command(&["apt-get", "update", "-qq"]))?;
    let mut install = command(&["apt-get", "install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    run_shown(&mut install)
}

/// Checks and installs what `needs` asks for; returns the environment for the task's commands.
pub fn ensure(root: &Path, needs: &[Need]) -> Result<ToolEnv> {
    let tools = target_dir(root).join("tools");
    let mut env = ToolEnv::default();
    let mut apt = needed(read_list(root, "apt-packages")?, needs);
    let pip = needed(read_list(root, "pip-packages")?, needs);
    let npm = needed(read_list(root, "npm-packages")?, needs);
    let go = needed(read_list(root, "go-packages")?, needs);
    // The installers themselves, only when something is to be installed with them.
    if !pip.is_empty() && !quiet(Command::new("python3").args(["-m", "pip", "--version"])) {
        apt.push("python3-pip".into());
    }
    if !npm.is_empty() && !have("npm") {
        apt.push("npm".into());
    }
    if !go.is_empty() && !have("go") && !Path::new("/usr/local/go/bin/go").exists() {
        apt.push("golang-go".into());
    }
    if needs.contains(&Need::Test) {
        for (program, what) in [("java", "a JDK 17"), ("mvn", "Maven 3.8")] {
            if !quiet(Command::new(program).arg("-version")) && !have(program) {
                bail!(
                    "the Kotlin tests need {what} and `{program}` is not on the PATH: install it (`sudo apt-get install -y openjdk-17-jdk-headless maven`), then run the command again"
                );
            }
        }
    }
    apt_install(&missing_apt(&apt))?;

    if !pip.is_empty() {
        let site = tools.join("python");
        let pythonpath = join_paths(&site, "PYTHONPATH");
        let missing: Vec<&String> = pip
            .iter()
            .filter(|p| {
                !quiet(
                    Command::new("python3")
                        .args(["-m", "pip", "show", "-q", p.as_str()])
                        .env("PYTHONPATH", &pythonpath),
                )
            })
            .collect();
        if !missing.is_empty() {
            std::fs::create_dir_all(&site)?;
            // --target: into the project's folder, so no root and no system Python is touched.
            run_shown(
                Command::new("python3")
                    .args([
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                        "--target",
                    ])
                    .arg(&site)
                    .args(missing),
            )?;
        }
        env.vars.push(("PYTHONPATH".into(), pythonpath));
    }

    if !npm.is_empty() {
        let prefix = tools.join("npm");
        let global = output(Command::new("npm").args(["root", "--global"])).unwrap_or_default();
        let local = prefix.join("lib").join("node_modules");
        let node_path = std::env::join_paths([PathBuf::from(&global), local.clone()])?;
        let missing: Vec<&String> = npm
            .iter()
            .filter(|p| {
                !quiet(
                    Command::new("node")
                        .args(["-e", &format!("require.resolve({:?})", p)])
                        .env("NODE_PATH", &node_path),
                )
            })
            .collect();
        if !missing.is_empty() {
            std::fs::create_dir_all(&prefix)?;
            run_shown(
                Command::new("npm")
                    .args([
                        "install",
                        "--global",
                        "--silent",
                        "--no-fund",
                        "--no-audit",
                        "--prefix",
                    ])
                    .arg(&prefix)
                    .args(missing),
            )?;
        }
        // Node test fixtures load these packages with require().
        env.vars.push(("NODE_PATH".into(), node_path));
    }

    if !go.is_empty() {
        let bin = tools.join("go").join("bin");
        let go_program = if have("go") {
            "go".to_string()
        } else {
            "/usr/local/go/bin/go".to_string()
        };
        for module in &go {
            let path = module.split('@').next().unwrap_or(module);
            let name = path.rsplit('/').next().unwrap_or(path);
            if !bin.join(name).exists() {
                std::fs::create_dir_all(&bin)?;
                run_shown(
                    Command::new(&go_program)
                        .arg("install")
                        .arg(module)
                        .env("GOBIN", &bin),
                )?;
            }
        }
        let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))?;
        env.vars.push(("PATH".into(), path));
    }
    Ok(env)
}

/// `dir` before what the variable already holds.
fn join_paths(dir: &Path, var: &str) -> OsString {
    let existing = std::env::var_os(var).unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&existing)))
        .unwrap_or_else(|_| dir.as_os_str().to_owned())
}

/// The cargo target folder (CARGO_TARGET_DIR honoured, as cargo does).
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}
