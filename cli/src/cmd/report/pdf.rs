//! The village report as an A4 PDF (krilla, with the Chinese font the machine has embedded as
//! a subset), drawing the same sections as the HTML page.

use super::PrintedReport;
use super::html::{Sections, sections};
use crate::exit::Fatal;
use ab_glyph::{Font as _, FontVec};
use cunxin_core::photo::LATIN_FONT;
use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use unicode_width::UnicodeWidthStr;

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 45.0;
const BODY: f32 = 9.5;
const LINE: f32 = 15.0;

/// Fonts with Chinese glyphs, in the order tried; CUNXIN_CJK_FONT names another. Chinese
/// fallback fonts often lack Latin letters and digits: those are drawn in a Latin font.
const CJK_FONTS: [&str; 4] = [
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];
const LATIN_FONTS: [&str; 1] = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];

/// One font twice: for the PDF, and for measuring how far a run of text advances.
struct Face {
    pdf: Font,
    metrics: FontVec,
}

impl Face {
    fn load(bytes: Vec<u8>, path: &str) -> Result<Face, Fatal> {
        let unusable = || {
            Fatal(format!(
                "{path} is not a font the PDF can use; set CUNXIN_CJK_FONT to a .ttf or .otf with Chinese glyphs"
            ))
        };
        let metrics = FontVec::try_from_vec(bytes.clone()).map_err(|_| unusable())?;
        let pdf = Font::new(bytes.into(), 0).ok_or_else(unusable)?;
        Ok(Face { pdf, metrics })
    }

    fn has(&self, c: char) -> bool {
        self.metrics.glyph_id(c).0 != 0
    }

    /// How far `text` at `size` points advances, in points.
    fn advance(&self, text: &str, size: f32) -> f32 {
        let em = self.metrics.units_per_em().unwrap_or(1000.0);
        let units: f32 = text
            .chars()
            .map(|c| self.metrics.h_advance_unscaled(self.metrics.glyph_id(c)))
            .sum();
        units / em * size
    }
}

struct Fonts {
    cjk: Face,
    latin: Face,
}

impl Fonts {
    fn find() -> Result<Fonts, Fatal> {
        let chosen = std::env::var("CUNXIN_CJK_FONT").ok();
        let cjk = chosen
            .iter()
            .map(String::as_str)
            .chain(CJK_FONTS)
            .find_map(|path| std::fs::read(path).ok().map(|bytes| (bytes, path.to_string())))
            .ok_or_else(|| Fatal(
                "no Chinese font was found for the PDF; install one (sudo apt-get install fonts-droid-fallback) or set CUNXIN_CJK_FONT to a .ttf with Chinese glyphs".into(),
            ))?;
        let latin = LATIN_FONTS
            .iter()
            .find_map(|path| {
                std::fs::read(path)
                    .ok()
                    .map(|bytes| (bytes, path.to_string()))
            })
            .unwrap_or_else(|| (LATIN_FONT.to_vec(), "the embedded Latin font".into()));
        Ok(Fonts {
            cjk: Face::load(cjk.0, &cjk.1)?,
            latin: Face::load(latin.0, &latin.1)?,
        })
    }

    /// The text cut into runs, each with the font that has its characters.
    fn runs<'a>(&'a self, text: &str) -> Vec<(&'a Face, String)> {
        let mut runs: Vec<(&Face, String)> = Vec::new();
        for c in text.chars() {
            let face = if self.latin.has(c) || !self.cjk.has(c) {
                &self.latin
            } else {
                &self.cjk
            };
            match runs.last_mut() {
                Some((f, run)) if std::ptr::eq(*f, face) => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }
}

/// Pages of text lines, a new page when one is full.
struct Writer {
    document: Document,
    pages: Vec<Vec<(f32, f32, f32, String)>>,
    y: f32,
}

impl Writer {
    fn line(&mut self, cells: &[(f32, String)], size: f32) {
        if self.pages.is_empty() || self.y + LINE > A4.1 - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN + LINE;
        }
        let page = self.pages.last_mut().expect("a page was started");
        for (x, text) in cells {
            page.push((MARGIN + x, self.y, size, text.clone()));
        }
        self.y += LINE * size / BODY;
    }

    fn gap(&mut self) {
        self.y += LINE / 2.0;
    }

    fn finish(mut self, fonts: &Fonts) -> Result<Vec<u8>, Fatal> {
        for page in &self.pages {
            let mut pdf_page = self
                .document
                .start_page_with(PageSettings::from_wh(A4.0, A4.1).expect("A4 is a valid size"));
            let mut surface: Surface = pdf_page.surface();
            for (x, y, size, text) in page {
                let mut x = *x;
                for (face, run) in fonts.runs(text) {
                    surface.draw_text(
                        Point::from_xy(x, *y),
                        face.pdf.clone(),
                        *size,
                        &run,
                        false,
                        TextDirection::Auto,
                    );
                    x += face.advance(&run, *size);
                }
            }
            surface.finish();
            pdf_page.finish();
        }
        self.document
            .finish()
            .map_err(|e| Fatal(format!("could not write the PDF: {e:?}")))
    }
}

/// Column offsets from the widest cell of each column (a CJK character is two columns).
fn columns(header: &[String], rows: &[Vec<String>]) -> Vec<f32> {
    let width = |c: usize| {
        std::iter::once(&header[c])
            .chain(rows.iter().map(|r| &r[c]))
            .map(|t| t.width())
            .max()
            .unwrap_or(0) as f32
    };
    let widths: Vec<f32> = (0..header.len()).map(width).collect();
    let total: f32 = widths.iter().sum::<f32>().max(1.0);
    let scale = ((A4.0 - 2.0 * MARGIN) / total).min(BODY * 0.62);
    widths
        .iter()
        .scan(0.0, |x, w| {
            let at = *x;
            *x += w * scale + 8.0;
            Some(at)
        })
        .collect()
}

pub fn document(printed: &PrintedReport) -> Result<Vec<u8>, Fatal> {
    let fonts = Fonts::find()?;
    let Sections {
        title,
        figures,
        tables,
        footer,
    } = sections(printed);
    let mut w = Writer {
        document: Document::new(),
        pages: Vec::new(),
        y: 0.0,
    };
    w.line(&[(0.0, title)], 15.0);
    w.gap();
    for (k, v) in figures {
        w.line(&[(0.0, k), (250.0, v)], BODY);
    }
    for table in tables {
        w.gap();
        w.line(&[(0.0, table.title)], 12.0);
        let at = columns(&table.header, &table.rows);
        let cells = |row: Vec<String>| at.iter().copied().zip(row).collect::<Vec<_>>();
        w.line(&cells(table.header), BODY);
        for row in table.rows {
            w.line(&cells(row), BODY);
        }
    }
    w.gap();
    for line in footer {
        w.line(&[(0.0, line)], BODY);
    }
    w.finish(&fonts)
}
