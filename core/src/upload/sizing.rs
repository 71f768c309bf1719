//! Chunks sized to the link: each chunk should take about the same time on the wire,
//! whatever the link. On a fast branch line that makes chunks big, so the round trip and
//! the server's write after each chunk cost little; on a weak 4G signal it makes them
//! small, so the one chunk a cut loses costs little.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Bounds and aim of chunk sizes adapted to the measured throughput.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkAdaptation {
    /// The first chunk's size (nothing is measured yet) and the smallest.
    pub min: u64,
    /// The largest: bounds what a cut can cost on a fast link, and the memory a chunk and
    /// the one read ahead take.
    pub max: u64,
    /// How long a chunk's bytes should take on the wire (its answer comes a round trip
    /// later).
    pub target_millis: u64,
}

impl Default for ChunkAdaptation {
    /// 256 KiB to 8 MiB, about 4 s a chunk: on a 20 Mbit/s line with 40 ms round trips
    /// that is 8 MiB (a round trip per 3.4 s on the wire), on 2 Mbit/s about 1 MB.
    fn default() -> Self {
        ChunkAdaptation {
            min: 256 * 1024,
            max: 8 * 1024 * 1024,
            target_millis: 4_000,
        }
    }
}

impl ChunkAdaptation {
    /// The next chunk's size after `len` bytes took `took` from sending the request to the
    /// server's answer, on a link whose bodiless exchanges take `round_trip`: the link's
    /// rate is what the bytes took beyond the round trip (else the small first chunk, mostly
    /// round trip, would make the next one small too). At least a quarter of `took` counts, so
    /// a round trip measured high cannot make the rate unbounded.
    pub fn next_size(&self, len: u64, took: Duration, round_trip: Duration) -> u64 {
        let on_the_wire = took.saturating_sub(round_trip).max(took / 4);
        let seconds = on_the_wire.as_secs_f64().max(1e-3);
        let rate = len as f64 / seconds;
        let size = (rate * self.target_millis as f64 / 1000.0) as u64;
        size.clamp(self.min.max(1), self.max.max(self.min).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_takes_about_the_target_time_on_the_measured_link() {
        let a = ChunkAdaptation::default();
        let no_wait = Duration::ZERO;
        // 1 MiB in 1 s: 4 MiB for 4 s.
        assert_eq!(
            a.next_size(1 << 20, Duration::from_secs(1), no_wait),
            4 << 20
        );
        // 250 kB/s (weak 4G): about 1 MB.
        let weak = a.next_size(250_000, Duration::from_secs(1), no_wait);
        assert!((900_000..=1_000_000).contains(&weak), "{weak}");
    }

    #[test]
    fn the_round_trip_does_not_count_as_the_links_rate() {
        let a = ChunkAdaptation::default();
        // 256 KiB in 105 ms at 2.5 MB/s, answered 150 ms later: 10 MB in 4 s (capped).
        let took = Duration::from_millis(255);
        assert_eq!(
            a.next_size(256 << 10, took, Duration::from_millis(150)),
            a.max
        );
        // A round trip measured longer than the chunk took: a quarter of it counts.
        let quarter = a.next_size(1 << 20, Duration::from_secs(4), Duration::from_secs(5));
        assert_eq!(quarter, 4 << 20);
    }

    #[test]
    fn sizes_stay_within_bounds() {
        let a = ChunkAdaptation::default();
        let no_wait = Duration::ZERO;
        assert_eq!(
            a.next_size(64 << 20, Duration::from_millis(100), no_wait),
            a.max
        );
        assert_eq!(a.next_size(1_000, Duration::from_secs(10), no_wait), a.min);
        assert_eq!(a.next_size(1 << 20, Duration::ZERO, no_wait), a.max);
    }

    /// A tus server behind a 1 MB/s link: each PATCH takes a microsecond per byte.
    struct OneMegabytePerSecond(std::sync::atomic::AtomicU64);

    impl crate::upload::HttpTransport for OneMegabytePerSecond {
        fn send(
            &self,
            request: crate::upload::HttpRequest,
        ) -> Result<crate::upload::HttpResponse, crate::upload::TransportError> {
            use crate::upload::{HttpResponse, Method};
            use std::sync::atomic::Ordering::SeqCst;
            Ok(match request.method {
                Method::Options => HttpResponse::new(204)
                    .with_header("Tus-Version", "1.0.0")
                    .with_header("Tus-Extension", "creation"),
                Method::Post => HttpResponse::new(201).with_header("Location", "/files/a"),
                _ => {
                    std::thread::sleep(Duration::from_micros(request.body.len() as u64));
                    let offset = self.0.fetch_add(request.body.len() as u64, SeqCst);
                    let now = offset + request.body.len() as u64;
                    HttpResponse::new(204).with_header("Upload-Offset", &now.to_string())
                }
            })
        }
    }

    #[test]
    fn the_driver_sizes_chunks_from_the_measured_link() {
        use crate::upload::{RetryPolicy, TusUpload, upload_file};
        let adaptation = ChunkAdaptation {
            min: 1_000,
            max: 1_000_000,
            target_millis: 20,
        };
        let mut state = TusUpload::new("http://bank.example/files/", 200_000, Default::default())
            .unwrap()
            .with_adaptive_chunks(adaptation);
        let mut file = std::io::Cursor::new(vec![7u8; 200_000]);
        let link = OneMegabytePerSecond(Default::default());
        let report = upload_file(
            &mut state,
            &mut file,
            &link,
            &RetryPolicy::default(),
            |_| {},
            |_| Ok::<_, String>(()),
        )
        .unwrap();
        // 20 ms at 1 MB/s is 20 kB at most: it grew from the first 1 kB chunk, and the
        // link's rate, not the bound, stopped it.
        assert!(
            (2_000..=20_000).contains(&report.largest_chunk),
            "{report:?}"
        );
        assert_eq!(report.bytes_sent, 200_000);
    }
}
