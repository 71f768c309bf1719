//! An emulated branch link on loopback: Toxiproxy (a Go program, `go install
//! github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0`, listed in `.ci/go-packages`) between
//! the uploader and the receiver, adding latency each way, a bandwidth limit towards the
//! receiver, and connection cuts on demand. Its API is plain HTTP on loopback; this file
//! speaks it over a `TcpStream` so it needs no HTTP library of its own.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A link's shape: bandwidth towards the receiver and the round trip.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    pub name: &'static str,
    pub megabits_per_second: f64,
    pub round_trip_ms: u64,
}

/// A branch office's Wi-Fi: 20 Mbit/s up, 40 ms round trip.
pub const BRANCH_WIFI: Profile = Profile {
    name: "branch Wi-Fi",
    megabits_per_second: 20.0,
    round_trip_ms: 40,
};

/// A weak 4G signal in a village: 2 Mbit/s up, 150 ms round trip.
pub const WEAK_4G: Profile = Profile {
    name: "weak 4G",
    megabits_per_second: 2.0,
    round_trip_ms: 150,
};

impl Profile {
    pub fn bytes_per_second(&self) -> f64 {
        self.megabits_per_second * 1e6 / 8.0
    }
}

/// Where the Toxiproxy server is: `$CUNXIN_TOXIPROXY`, `toxiproxy-server` on the PATH, or
/// the `server` binary that `go install` leaves in `$(go env GOPATH)/bin` — each checked to
/// be Toxiproxy by its `-version` answer. Err says why none was found.
pub fn find_toxiproxy() -> Result<PathBuf, String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("CUNXIN_TOXIPROXY") {
        candidates.push(p.into());
    }
    candidates.push("toxiproxy-server".into());
    let gopath = Command::new("go")
        .args(["env", "GOPATH"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|p| !p.is_empty());
    for dir in gopath
        .into_iter()
        .chain(std::env::var("HOME").ok().map(|h| format!("{h}/go")))
    {
        candidates.push(PathBuf::from(dir).join("bin/server"));
    }
    for candidate in candidates {
        let answer = Command::new(&candidate).arg("-version").output();
        if let Ok(out) = answer
            && String::from_utf8_lossy(&out.stdout).contains("toxiproxy")
        {
            return Ok(candidate);
        }
    }
    Err("Toxiproxy is not installed (go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0, as .ci/go-packages lists; or set CUNXIN_TOXIPROXY to its binary)".into())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running Toxiproxy server with one proxy, "link", in front of `upstream`.
pub struct Link {
    child: Child,
    api: SocketAddr,
    /// Where clients connect: the emulated link's near end.
    pub listen: SocketAddr,
    cuts: u32,
}

impl Link {
    /// Starts the server and the proxy with `profile`'s toxics. Err says why it could not.
    pub fn start(upstream: SocketAddr, profile: Profile) -> Result<Link, String> {
        let binary = find_toxiproxy()?;
        let port = free_port();
        let child = Command::new(&binary)
            .args(["-host", "127.0.0.1", "-port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{} could not be started: {e}", binary.display()))?;
        let api: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut link = Link {
            child,
            api,
            listen: format!("127.0.0.1:{}", free_port()).parse().unwrap(),
            cuts: 0,
        };
        let started = Instant::now();
        while TcpStream::connect(api).is_err() {
            if started.elapsed() > Duration::from_secs(10) {
                return Err("Toxiproxy did not open its API port within 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        link.call(
            "POST",
            "/proxies",
            &format!(
                r#"{{"name":"link","listen":"{}","upstream":"{upstream}","enabled":true}}"#,
                link.listen
            ),
        )?;
        // Half the round trip each way; the bandwidth limit on the upload's direction
        // (Toxiproxy's rate is in KB/s of 1,000 bytes).
        let half = profile.round_trip_ms / 2;
        for stream in ["upstream", "downstream"] {
            link.call(
                "POST",
                "/proxies/link/toxics",
                &format!(
                    r#"{{"name":"latency_{stream}","type":"latency","stream":"{stream}","toxicity":1.0,"attributes":{{"latency":{half},"jitter":0}}}}"#
                ),
            )?;
        }
        link.call(
            "POST",
            "/proxies/link/toxics",
            &format!(
                r#"{{"name":"bandwidth","type":"bandwidth","stream":"upstream","toxicity":1.0,"attributes":{{"rate":{}}}}}"#,
                (profile.bytes_per_second() / 1000.0).round() as u64
            ),
        )?;
        Ok(link)
    }

    /// `http://<near end>/files/`, the receiver's tus endpoint through the link.
    pub fn endpoint(&self) -> String {
        format!("http://{}/files/", self.listen)
    }

    /// Cuts every connection through the link (as a dropped signal does) and lets new ones in.
    pub fn cut(&mut self) {
        self.call("POST", "/proxies/link", r#"{"enabled":false}"#)
            .expect("Toxiproxy disables the link");
        self.call("POST", "/proxies/link", r#"{"enabled":true}"#)
            .expect("Toxiproxy enables the link again");
        self.cuts += 1;
    }

    pub fn cuts(&self) -> u32 {
        self.cuts
    }

    fn call(&self, method: &str, path: &str, body: &str) -> Result<String, String> {
        let failed = |e: std::io::Error| format!("Toxiproxy's API did not answer: {e}");
        let mut stream = TcpStream::connect(self.api).map_err(failed)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(failed)?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.api,
            body.len()
        )
        .map_err(failed)?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).map_err(failed)?;
        let status = answer.split_whitespace().nth(1).unwrap_or("");
        if !status.starts_with('2') {
            return Err(format!("Toxiproxy refused {method} {path}: {answer}"));
        }
        Ok(answer)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Cuts the link every `every` while `running` holds, at most `limit` times, from a thread;
/// returns the number of cuts made when joined.
pub fn cut_periodically(
    link: std::sync::Arc<std::sync::Mutex<Link>>,
    every: Duration,
    limit: u32,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<u32> {
    std::thread::spawn(move || {
        let mut made = 0;
        let mut next = Instant::now() + every;
        while made < limit && !done.load(std::sync::atomic::Ordering::SeqCst) {
            if Instant::now() >= next {
                link.lock().unwrap().cut();
                made += 1;
                next += every;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        made
    })
}
