//! The watermark: what it says, where it goes, and that it leaves hashes of the scene alone.

use super::fixtures::*;
use crate::model::GeoPoint;
use crate::photo::watermark::font_parses;
use crate::photo::{PhotoSettings, Watermark, normalize};

fn full() -> Watermark {
    Watermark {
        captured_at: Some("2024-05-01T10:32:05+08:00".into()),
        location: Some(GeoPoint {
            latitude: 34.619_873,
            longitude: 112.454_01,
            accuracy_m: Some(8.4),
        }),
        household: Some("H001".into()),
        grid_manager: Some("GM017".into()),
    }
}

#[test]
fn the_watermark_text_is_ascii_in_two_lines() {
    assert!(font_parses());
    assert_eq!(
        full().lines(),
        [
            "2024-05-01 10:32:05 +08:00   34.61987°N 112.45401°E ±8 m",
            "Household H001   Grid manager GM017"
        ]
    );
    let partial = Watermark {
        household: Some("王H2".into()),
        ..Watermark::default()
    };
    assert_eq!(partial.lines(), ["Household ?H2"]);
    let south_west = Watermark {
        location: Some(GeoPoint {
            latitude: -1.5,
            longitude: -70.25,
            accuracy_m: None,
        }),
        captured_at: Some("yesterday".into()),
        ..Watermark::default()
    };
    assert_eq!(south_west.lines(), ["yesterday   1.50000°S 70.25000°W"]);
    assert!(Watermark::default().lines().is_empty());
}

#[test]
fn the_watermark_is_a_dark_band_with_white_text_at_the_bottom_only() {
    let source = jpeg(&photo_like(3200, 2400, 50), 92);
    let plain = normalize(&source, &PhotoSettings::default()).unwrap();
    let marked = normalize(&source, &PhotoSettings::default().with_watermark(full())).unwrap();
    assert_ne!(plain.sha256, marked.sha256);
    // The scene's hashes and checks are taken before the watermark.
    assert_eq!(
        (plain.phash, &plain.quality, &plain.thumbnail),
        (marked.phash, &marked.quality, &marked.thumbnail)
    );
    let (a, b) = (decode(&plain.jpeg), decode(&marked.jpeg));
    let (w, h) = a.dimensions();
    let luma = |p: &image::Rgb<u8>| (p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8;
    let mut changed_rows = Vec::new();
    for y in 0..h {
        if (0..w).any(|x| luma(a.get_pixel(x, y)).abs_diff(luma(b.get_pixel(x, y))) > 12) {
            changed_rows.push(y);
        }
    }
    let band_top = *changed_rows.first().unwrap();
    // Two lines at 2.4% of the long side: a band of about 115 px on 1200, touching the bottom.
    assert!(
        (60..=130).contains(&(h - band_top)),
        "band is {} px",
        h - band_top
    );
    assert_eq!(*changed_rows.last().unwrap(), h - 1);
    // Inside the band: darker background, and white text.
    let band: Vec<u32> = (band_top..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| luma(b.get_pixel(x, y)))
        .collect();
    let white = band.iter().filter(|&&v| v > 230).count();
    assert!(white > 2000, "{white} white pixels of text");
    let median_band = {
        let mut v = band.clone();
        v.sort();
        v[v.len() / 2]
    };
    assert!(median_band < 90, "band median luma {median_band}");
}

#[test]
fn long_text_shrinks_to_fit_a_portrait_photo() {
    let source = jpeg(&photo_like(900, 1600, 51), 92);
    let mut mark = full();
    mark.grid_manager = Some("GM-0123456789-0123456789-0123456789".into());
    let marked = normalize(&source, &PhotoSettings::default().with_watermark(mark)).unwrap();
    assert_eq!((marked.width, marked.height), (900, 1600));
}
