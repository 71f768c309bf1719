//! The evidence watermark burned into the normalized photo: capture time, coordinates,
//! household number and grid-manager code, in white on a semi-transparent dark band along
//! the bottom, sized to stay legible when the photo is shown on a phone.
//!
//! Font: DejaVu Sans Bold (Debian fonts-dejavu-core 2.37) subset to printable ASCII, ° and ±
//! with fonttools (`DejaVuSans-Bold-ascii.ttf`, 20 KB). Licence: Bitstream Vera Fonts
//! licence (DejaVu changes are public domain), which allows embedding and modification;
//! full text in `DejaVuSans-Bold-ascii.LICENSE` beside it.

use super::Rgb;
use crate::model::GeoPoint;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

/// The watermark's font (printable ASCII, ° and ±), also the Latin fallback of printed reports.
pub static FONT_BYTES: &[u8] = include_bytes!("DejaVuSans-Bold-ascii.ttf");

/// What the watermark says. Text fields are shown in ASCII: other characters become `?`
/// (household numbers and grid-manager codes are ASCII by the domain spec).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Watermark {
    /// RFC 3339 capture time; shown as `2024-05-01 10:32:05 +08:00`.
    pub captured_at: Option<String>,
    pub location: Option<GeoPoint>,
    pub household: Option<String>,
    pub grid_manager: Option<String>,
}

const MAX_FIELD: usize = 40;

fn ascii(text: &str) -> String {
    text.chars()
        .take(MAX_FIELD)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

impl Watermark {
    /// The lines to draw, top to bottom; empty when nothing is known.
    pub fn lines(&self) -> Vec<String> {
        let mut first = Vec::new();
        if let Some(at) = self
            .captured_at
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            first.push(match chrono::DateTime::parse_from_rfc3339(at) {
                Ok(t) => t.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
                Err(_) => ascii(at),
            });
        }
        if let Some(p) = self
            .location
            .filter(|p| p.latitude.is_finite() && p.longitude.is_finite())
        {
            let mut text = format!(
                "{:.5}°{} {:.5}°{}",
                p.latitude.abs(),
                if p.latitude < 0.0 { 'S' } else { 'N' },
                p.longitude.abs(),
                if p.longitude < 0.0 { 'W' } else { 'E' },
            );
            if let Some(a) = p.accuracy_m.filter(|a| a.is_finite() && *a >= 0.0) {
                text.push_str(&format!(" ±{a:.0} m"));
            }
            first.push(text);
        }
        let mut second = Vec::new();
        if let Some(h) = self.household.as_deref().filter(|s| !s.trim().is_empty()) {
            second.push(format!("Household {}", ascii(h.trim())));
        }
        if let Some(g) = self
            .grid_manager
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            second.push(format!("Grid manager {}", ascii(g.trim())));
        }
        [first, second]
            .into_iter()
            .filter(|parts| !parts.is_empty())
            .map(|parts| parts.join("   "))
            .collect()
    }
}

fn line_width<F: Font>(font: &ab_glyph::PxScaleFont<F>, text: &str) -> f32 {
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            width += font.kern(p, id);
        }
        width += font.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Burns `watermark` into the bottom of `image` (already upright). Does nothing when the
/// watermark has no lines.
pub fn burn(image: &mut Rgb, watermark: &Watermark) {
    let lines = watermark.lines();
    if lines.is_empty() || image.width < 16 || image.height < 16 {
        return;
    }
    let Ok(font) = FontRef::try_from_slice(FONT_BYTES) else {
        return; // The embedded font is tested to parse; never fail a photo over it.
    };
    let (w, h) = (image.width as f32, image.height as f32);
    // 2.4% of the long side: 38 px on a 1600 px photo, about 7 dp on a phone screen.
    let mut px = (w.max(h) * 0.024).max(12.0);
    let margin = |px: f32| (px * 0.6).round();
    let widest = lines
        .iter()
        .map(|l| line_width(&font.as_scaled(PxScale::from(px)), l))
        .fold(0.0, f32::max);
    let room = w - 2.0 * margin(px);
    if widest > room && widest > 0.0 {
        px = (px * room / widest).max(8.0);
    }
    let scaled = font.as_scaled(PxScale::from(px));
    let line_height = (scaled.ascent() - scaled.descent()).ceil();
    let pad = (px * 0.35).round();
    let band = (lines.len() as f32 * line_height + 2.0 * pad).min(h) as usize;
    let (width, height) = (image.width as usize, image.height as usize);
    let top = height - band;

    // The band: black at 55% opacity.
    for p in image.pixels[top * width * 3..].iter_mut() {
        *p = ((*p as u32 * 115 + 127) / 255) as u8;
    }
    for (i, line) in lines.iter().enumerate() {
        let baseline = top as f32 + pad + scaled.ascent() + i as f32 * line_height;
        let mut x = margin(px);
        let mut previous = None;
        for c in line.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                x += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(px, point(x, baseline));
            x += scaled.h_advance(id);
            previous = Some(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue; // space
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px_x = bounds.min.x as i64 + gx as i64;
                let px_y = bounds.min.y as i64 + gy as i64;
                if px_x < 0 || px_y < top as i64 || px_x >= width as i64 || px_y >= height as i64 {
                    return;
                }
                let a = coverage.clamp(0.0, 1.0);
                let i = (px_y as usize * width + px_x as usize) * 3;
                for p in &mut image.pixels[i..i + 3] {
                    *p = (*p as f32 * (1.0 - a) + 255.0 * a).round() as u8;
                }
            });
        }
    }
}

#[cfg(test)]
pub(crate) fn font_parses() -> bool {
    FontRef::try_from_slice(FONT_BYTES).is_ok()
}
