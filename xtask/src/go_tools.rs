//! Go programs the tests run (listed in `.ci/go-tools`), built with the machine's `go` into
//! `target/tools/bin`: a project-local folder, so no root is needed and nothing outside the
//! checkout changes but Go's own module cache.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The variable naming the Toxiproxy server to the tests (cli/tests/link_support).
pub const TOXIPROXY_VAR: &str = "CUNXIN_TOXIPROXY";

/// One line of `.ci/go-tools`.
struct GoTool {
    name: String,
    /// `module/path/cmd/x`, without the version.
    package: String,
    version: String,
}

/// Installs what is missing or of another version; returns `(name, path)` for each tool.
pub fn ensure(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let tools = list(&root.join(".ci/go-tools"))?;
    let bin = root.join("target/tools/bin");
    let mut installed = Vec::new();
    for tool in tools {
        let path = bin.join(&tool.name);
        if !is_current(&path, &tool) {
            install(root, &tool, &path)?;
        }
        installed.push((tool.name, path));
    }
    Ok(installed)
}

/// Sets the variables the tests read for the tools `ensure` installed.
pub fn set_env(command: &mut Command, tools: &[(String, PathBuf)]) {
    for (name, path) in tools {
        if name == "toxiproxy-server" {
            command.env(TOXIPROXY_VAR, path);
        }
    }
}

fn list(path: &Path) -> Result<Vec<GoTool>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let mut tools = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let parsed = line
            .split_once(char::is_whitespace)
            .and_then(|(name, spec)| {
                let (package, version) = spec.trim().split_once('@')?;
                Some(GoTool {
                    name: name.to_string(),
                    package: package.to_string(),
                    version: version.to_string(),
                })
            });
        tools.push(parsed.with_context(|| {
            format!("{}: `{line}` is not `name package@version`", path.display())
        })?);
    }
    Ok(tools)
}

/// Whether `path` is that tool built from that version (Go records both in the binary).
fn is_current(path: &Path, tool: &GoTool) -> bool {
    let Ok(out) = Command::new("go")
        .args(["version", "-m"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
    else {
        return false;
    };
    let info = String::from_utf8_lossy(&out.stdout);
    out.status.success()
        && info.contains(&format!("\tpath\t{}\n", tool.package))
        && info.contains(&format!("\t{}\t", tool.version))
}

fn install(root: &Path, tool: &GoTool, path: &Path) -> Result<()> {
    let has_go = Command::new("go")
        .arg("version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_go {
        bail!(
            "Go is not installed, and the upload-over-a-link tests need {} built with it: install Go 1.17 or later (`sudo apt-get install golang-go`, or https://go.dev/dl/) and run this command again",
            tool.name
        );
    }
    // `go install` names the binary after the package's last element (`server`): build
    // into a folder of its own, then give it the listed name.
    let staging = root.join("target/tools/go-install");
    std::fs::create_dir_all(&staging)?;
    let spec = format!("{}@{}", tool.package, tool.version);
    eprintln!(
        "xtask: installing {} ({spec}) with go into target/tools/bin",
        tool.name
    );
    let status = Command::new("go")
        .args(["install", &spec])
        .env("GOBIN", &staging)
        // Outside any module: resolve the tool's own go.mod, whatever the user's GOFLAGS.
        .env("GOFLAGS", "-mod=mod")
        .stdin(Stdio::null())
        .status()
        .context("could not start go")?;
    if !status.success() {
        bail!(
            "`go install {spec}` failed ({status}); the lines above say why (it needs the Go module proxy or GOPROXY)"
        );
    }
    let built = staging.join(tool.package.rsplit('/').next().unwrap_or(&tool.name));
    std::fs::create_dir_all(path.parent().expect("target/tools/bin"))?;
    std::fs::rename(&built, path)
        .with_context(|| format!("moving {} to {}", built.display(), path.display()))?;
    Ok(())
}
