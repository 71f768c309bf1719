//! A TCP proxy on loopback for fault tests: counts the bytes going to the server, cuts
//! connections at given counts, stalls them, and can be pointed at a restarted server.
//! (The platform's tests include this file too.)

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A TCP proxy on loopback. It counts the bytes going to the server; at each cut point
/// (a running count of those bytes) it drops the connection carrying it, and at the
/// stall point it stops forwarding until released.
pub struct Proxy {
    pub addr: SocketAddr,
    target: Arc<Mutex<SocketAddr>>,
    upstream: Arc<AtomicU64>,
    cuts: Arc<Mutex<VecDeque<u64>>>,
    stall_at: Arc<Mutex<Option<u64>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    pub fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy = Proxy {
            addr: listener.local_addr().unwrap(),
            target: Arc::new(Mutex::new(target)),
            upstream: Arc::default(),
            cuts: Arc::default(),
            stall_at: Arc::default(),
            stop: Arc::default(),
        };
        let shared = proxy.shared();
        listener.set_nonblocking(true).unwrap();
        thread::spawn(move || {
            while !shared.stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let s = shared.clone();
                        thread::spawn(move || s.relay(client));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        proxy
    }

    fn shared(&self) -> Shared {
        Shared {
            target: self.target.clone(),
            upstream: self.upstream.clone(),
            cuts: self.cuts.clone(),
            stall_at: self.stall_at.clone(),
            stop: self.stop.clone(),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}/files/", self.addr)
    }

    /// Bytes sent towards the server so far.
    pub fn upstream(&self) -> u64 {
        self.upstream.load(Ordering::SeqCst)
    }

    /// Cuts the connection when the upstream count reaches each of these (ascending).
    pub fn cut_at(&self, points: &[u64]) {
        self.cuts.lock().unwrap().extend(points);
    }

    pub fn stall_at(&self, point: Option<u64>) {
        *self.stall_at.lock().unwrap() = point;
    }

    pub fn retarget(&self, target: SocketAddr) {
        *self.target.lock().unwrap() = target;
    }

    /// Waits until the upstream count reaches `bytes`.
    pub fn wait_for(&self, bytes: u64, limit: Duration) {
        let start = Instant::now();
        while self.upstream() < bytes {
            assert!(
                start.elapsed() < limit,
                "the upload never reached {bytes} bytes"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[derive(Clone)]
struct Shared {
    target: Arc<Mutex<SocketAddr>>,
    upstream: Arc<AtomicU64>,
    cuts: Arc<Mutex<VecDeque<u64>>>,
    stall_at: Arc<Mutex<Option<u64>>>,
    stop: Arc<AtomicBool>,
}

impl Shared {
    fn relay(self, client: TcpStream) {
        let target = *self.target.lock().unwrap();
        let Ok(server) = TcpStream::connect(target) else {
            return;
        };
        let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        let down = thread::spawn(move || {
            let _ = std::io::copy(&mut &s2, &mut &c2);
            let _ = c2.shutdown(Shutdown::Both);
            let _ = s2.shutdown(Shutdown::Both);
        });
        let mut buf = vec![0u8; 64 * 1024];
        'pump: loop {
            let n = match (&client).read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut sent = 0;
            while sent < n {
                let total = self.upstream.load(Ordering::SeqCst);
                let mut end = n;
                let mut cut = false;
                {
                    let mut cuts = self.cuts.lock().unwrap();
                    while cuts.front().is_some_and(|&c| c <= total) {
                        cuts.pop_front();
                    }
                    if let Some(&c) = cuts.front()
                        && c < total + (n - sent) as u64
                    {
                        end = sent + (c - total) as usize;
                        cuts.pop_front();
                        cut = true;
                    }
                }
                let stall = *self.stall_at.lock().unwrap();
                if let Some(s) = stall {
                    if total >= s {
                        // Held until released, then dropped: whoever was at either end
                        // may be dead by then.
                        while self.stall_at.lock().unwrap().is_some() {
                            thread::sleep(Duration::from_millis(5));
                        }
                        break 'pump;
                    }
                    end = end.min(sent + (s - total) as usize);
                }
                if (&server).write_all(&buf[sent..end]).is_err() {
                    break 'pump;
                }
                self.upstream
                    .fetch_add((end - sent) as u64, Ordering::SeqCst);
                sent = end;
                if cut {
                    break 'pump;
                }
            }
        }
        let _ = client.shutdown(Shutdown::Both);
        let _ = server.shutdown(Shutdown::Both);
        let _ = down.join();
    }
}
