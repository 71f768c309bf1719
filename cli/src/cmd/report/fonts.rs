//! The fonts the report's PDF and the demo's sample ID card draw with: Droid Sans Fallback for
//! Chinese (Debian's fonts-droid-fallback) and DejaVu Sans for Latin (fonts-dejavu-core). The
//! PDF embeds only the glyphs it uses.

use crate::exit::Fatal;
use ab_glyph::{Font, FontArc, PxScale, ScaleFont};
use std::sync::Arc;

const CJK: &[&str] = &["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"];
const LATIN: &[&str] = &["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];

pub struct Fonts {
    pub cjk: Arc<Vec<u8>>,
    pub latin: Arc<Vec<u8>>,
    cjk_glyphs: FontArc,
    latin_glyphs: FontArc,
}

fn read(paths: &[&str], package: &str) -> Result<Arc<Vec<u8>>, Fatal> {
    paths
        .iter()
        .find_map(|p| std::fs::read(p).ok())
        .map(Arc::new)
        .ok_or_else(|| {
            Fatal(format!(
                "the font {} is missing; install it with `sudo apt-get install {package}` (or run `cargo xtask demo`, which installs what it needs)",
                paths[0]
            ))
        })
}

impl Fonts {
    pub fn load() -> Result<Fonts, Fatal> {
        let cjk = read(CJK, "fonts-droid-fallback")?;
        let latin = read(LATIN, "fonts-dejavu-core")?;
        let parse = |data: &Arc<Vec<u8>>, path: &str| {
            FontArc::try_from_vec(data.as_ref().clone())
                .map_err(|_| Fatal(format!("the font {path} is damaged; reinstall its package")))
        };
        Ok(Fonts {
            cjk_glyphs: parse(&cjk, CJK[0])?,
            latin_glyphs: parse(&latin, LATIN[0])?,
            cjk,
            latin,
        })
    }

    /// Splits text into runs, each drawn with one font: `(is_cjk, run)`.
    pub fn runs<'t>(&self, text: &'t str) -> Vec<(bool, &'t str)> {
        let mut runs: Vec<(bool, &str)> = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (i, c) in text.char_indices() {
            let cjk = !c.is_ascii() && self.cjk_glyphs.glyph_id(c).0 != 0;
            if current.is_some_and(|k| k != cjk) {
                runs.push((current.unwrap(), &text[start..i]));
                start = i;
            }
            current = Some(cjk);
        }
        if let Some(k) = current {
            runs.push((k, &text[start..]));
        }
        runs
    }

    /// The font (as ab_glyph reads it) for a run.
    pub fn glyphs(&self, cjk: bool) -> &FontArc {
        if cjk {
            &self.cjk_glyphs
        } else {
            &self.latin_glyphs
        }
    }

    /// The advance width of a run at `size` (in the same units as `size`).
    pub fn run_width(&self, cjk: bool, run: &str, size: f32) -> f32 {
        let font = self.glyphs(cjk);
        let scaled = font.as_scaled(PxScale::from(
            size * font.height_unscaled() / font.units_per_em().unwrap_or(1000.0),
        ));
        run.chars()
            .map(|c| scaled.h_advance(font.glyph_id(c)))
            .sum()
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.runs(text)
            .into_iter()
            .map(|(cjk, run)| self.run_width(cjk, run, size))
            .sum()
    }
}
