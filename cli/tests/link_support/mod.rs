//! An emulated branch link on loopback: Toxiproxy (user space; `tc netem` is missing from
//! these machines' kernels) between the client and the receiver, with a bandwidth and a
//! latency toxic in each direction, driven over its HTTP API. The link can be cut: the
//! proxy is disabled (every open connection closed, new ones refused) and enabled again.
//!
//! `cargo xtask test` installs Toxiproxy and names it in `CUNXIN_TOXIPROXY`; without that
//! variable the tests and the bench say they skip, and why. (The link bench includes this
//! file too.)

#![allow(dead_code)]

use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The variable `cargo xtask test` sets to the `toxiproxy-server` it installed.
pub const TOXIPROXY_VAR: &str = "CUNXIN_TOXIPROXY";

/// A link as a branch sees it: bandwidth each way and the round trip.
#[derive(Debug, Clone, Copy)]
pub struct LinkProfile {
    pub name: &'static str,
    pub megabits_per_second: f64,
    pub round_trip: Duration,
}

impl LinkProfile {
    /// The link's bandwidth in bytes per second.
    pub fn bytes_per_second(&self) -> f64 {
        self.megabits_per_second * 1e6 / 8.0
    }
}

/// A branch office on Wi-Fi behind a modest line (issue #21).
pub const BRANCH_WIFI: LinkProfile = LinkProfile {
    name: "branch Wi-Fi",
    megabits_per_second: 20.0,
    round_trip: Duration::from_millis(40),
};

/// A township branch on a weak 4G signal (issue #21).
pub const WEAK_4G: LinkProfile = LinkProfile {
    name: "weak 4G",
    megabits_per_second: 2.0,
    round_trip: Duration::from_millis(150),
};

/// A running `toxiproxy-server` on a loopback port of its own.
pub struct Toxiproxy {
    api: String,
    agent: ureq::Agent,
    child: Child,
}

impl Toxiproxy {
    /// Starts the server `cargo xtask test` installed; `None` (and the reason printed)
    /// when it is not named in `CUNXIN_TOXIPROXY`. A named server that does not start
    /// is a failure, not a skip.
    pub fn start() -> Option<Toxiproxy> {
        let Some(binary) = std::env::var_os(TOXIPROXY_VAR).filter(|v| !v.is_empty()) else {
            eprintln!(
                "SKIPPED: Toxiproxy is not set up here ({TOXIPROXY_VAR} is unset); cargo xtask test installs it"
            );
            return None;
        };
        let port = free_port();
        let child = Command::new(&binary)
            .args(["-host", "127.0.0.1", "-port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{TOXIPROXY_VAR}={binary:?} does not start: {e}"));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let toxiproxy = Toxiproxy {
            api: format!("http://127.0.0.1:{port}"),
            agent,
            child,
        };
        toxiproxy.wait_until_up();
        Some(toxiproxy)
    }

    fn wait_until_up(&self) {
        let until = Instant::now() + Duration::from_secs(10);
        while self
            .agent
            .get(format!("{}/version", self.api))
            .call()
            .is_err()
        {
            assert!(Instant::now() < until, "toxiproxy-server did not answer");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A new link to `upstream` shaped like `profile`, on a fresh loopback port.
    pub fn link(&self, name: &str, upstream: SocketAddr, profile: LinkProfile) -> Link<'_> {
        let created = self.post(
            "/proxies",
            json!({
                "name": name,
                "listen": "127.0.0.1:0",
                "upstream": upstream.to_string(),
                "enabled": true,
            }),
        );
        let listen = created["listen"]
            .as_str()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("toxiproxy gave no listen address: {created}"));
        // Toxiproxy's rate is in KB/s (1000 bytes); half the round trip each way.
        let rate = (profile.bytes_per_second() / 1000.0).round() as u64;
        let one_way = profile.round_trip.as_millis() as u64 / 2;
        for stream in ["upstream", "downstream"] {
            for (kind, attributes) in [
                ("bandwidth", json!({ "rate": rate })),
                ("latency", json!({ "latency": one_way })),
            ] {
                self.post(
                    &format!("/proxies/{name}/toxics"),
                    json!({
                        "name": format!("{kind}_{stream}"),
                        "type": kind,
                        "stream": stream,
                        "toxicity": 1.0,
                        "attributes": attributes,
                    }),
                );
            }
        }
        Link {
            toxiproxy: self,
            name: name.to_string(),
            addr: listen,
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let mut response = self
            .agent
            .post(format!("{}{path}", self.api))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap_or_else(|e| panic!("toxiproxy {path}: {e}"));
        let status = response.status();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert!(
            status.is_success(),
            "toxiproxy {path} answered {status}: {text}"
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

impl Drop for Toxiproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One shaped proxy of a [`Toxiproxy`].
pub struct Link<'a> {
    toxiproxy: &'a Toxiproxy,
    name: String,
    pub addr: SocketAddr,
}

impl Link<'_> {
    /// The platform's tus endpoint, reached through this link.
    pub fn endpoint(&self) -> String {
        format!("http://{}/files/", self.addr)
    }

    /// Drops the link for `down`: every open connection is closed at once (what the
    /// client sees when the Wi-Fi or the 4G signal goes) and new ones are refused.
    pub fn cut(&self, down: Duration) {
        self.set_enabled(false);
        std::thread::sleep(down);
        self.set_enabled(true);
    }

    fn set_enabled(&self, enabled: bool) {
        self.toxiproxy.post(
            &format!("/proxies/{}", self.name),
            json!({ "enabled": enabled }),
        );
    }
}

/// A loopback port free a moment ago (the server binds it right after).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}
