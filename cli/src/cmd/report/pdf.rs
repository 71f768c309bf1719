//! The village report as a PDF (krilla, typst's PDF library; fonts subset and embedded): the
//! same content as the HTML page, laid out on A4 — the roll-up, the households, and the
//! public-notice list on its own page, ready to print and post.

use super::assess::VillageReport;
use super::fonts::Fonts;
use super::html::rollup_rows;
use crate::exit::Fatal;
use cunxin_core::labels;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;

/// What is drawn, laid out first and rendered afterwards (krilla's pages borrow the
/// document, so layout does not hold them).
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        grey: u8,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
}

struct Column {
    title: String,
    width: f32,
    right: bool,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn room(&mut self, height: f32) {
        if self.y + height > HEIGHT - MARGIN {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, text: &str, grey: u8) {
        self.ops().push(Op::Text {
            x,
            y,
            size,
            text: text.to_string(),
            grey,
        });
    }

    /// A paragraph wrapped to the page width (Chinese wraps between any two characters).
    fn paragraph(&mut self, size: f32, text: &str, grey: u8) {
        let width = WIDTH - 2.0 * MARGIN;
        let mut line = String::new();
        for c in text.chars() {
            let candidate = format!("{line}{c}");
            if self.fonts.width(&candidate, size) > width && !line.is_empty() {
                self.room(size * 1.6);
                self.y += size * 1.5;
                let y = self.y;
                self.text_at(MARGIN, y, size, line.trim_start(), grey);
                line = c.to_string();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            self.room(size * 1.6);
            self.y += size * 1.5;
            let y = self.y;
            self.text_at(MARGIN, y, size, line.trim_start(), grey);
        }
    }

    fn title(&mut self, zh: &str, en: &str) {
        self.room(40.0);
        self.y += 20.0;
        let y = self.y;
        self.text_at(MARGIN, y, 16.0, zh, 0);
        let w = self.fonts.width(zh, 16.0);
        self.text_at(MARGIN + w + 8.0, y, 9.0, en, 90);
        self.y += 8.0;
    }

    /// A table with a shaded header row, repeated on every page it runs onto.
    fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let row_h = size * 1.9;
        let total: f32 = columns.iter().map(|c| c.width).sum();
        let scale = (WIDTH - 2.0 * MARGIN) / total;
        let header = |layout: &mut Layout<'f>| {
            let top = layout.y;
            layout.ops().push(Op::Shade {
                x: MARGIN,
                y: top,
                w: total * scale,
                h: row_h,
            });
            let mut x = MARGIN;
            for c in columns {
                layout.text_at(x + 3.0, top + row_h - size * 0.6, size, &c.title, 0);
                x += c.width * scale;
            }
            layout.rule(top);
            layout.y += row_h;
            layout.rule(layout.y);
        };
        self.room(row_h * 2.0);
        header(self);
        for row in rows {
            if self.y + row_h > HEIGHT - MARGIN {
                self.new_page();
                header(self);
            }
            let mut x = MARGIN;
            let baseline = self.y + row_h - size * 0.6;
            for (c, cell) in columns.iter().zip(row) {
                let w = c.width * scale;
                let tx = if c.right {
                    x + w - 3.0 - self.fonts.width(cell, size)
                } else {
                    x + 3.0
                };
                self.text_at(tx, baseline, size, cell, 20);
                x += w;
            }
            self.y += row_h;
            self.rule(self.y);
        }
    }

    fn rule(&mut self, y: f32) {
        self.ops().push(Op::Rule {
            x1: MARGIN,
            y1: y,
            x2: WIDTH - MARGIN,
            y2: y,
        });
    }
}

fn col(title: String, width: f32, right: bool) -> Column {
    Column {
        title,
        width,
        right,
    }
}

fn zh(section: &str, code: &str) -> String {
    labels::zh(section, code)
}

fn lay_out<'f>(report: &VillageReport, fonts: &'f Fonts) -> Layout<'f> {
    let mut l = Layout::new(fonts);
    let place = format!("{}{}", report.town, report.village);
    l.title(&format!("{place} 整村授信汇总"), "village roll-up");
    l.paragraph(8.5, &format!("评分卡 scorecard: {}", report.scorecard), 90);
    l.y += 6.0;
    let rows: Vec<Vec<String>> = rollup_rows(report)
        .into_iter()
        .map(|(a, b)| vec![a, b])
        .collect();
    l.table(
        &[
            col("项目 measure".into(), 1.0, false),
            col("结果 result".into(), 1.3, false),
        ],
        &rows,
        9.0,
    );

    l.y += 10.0;
    l.title("逐户情况", "households");
    let columns = [
        col("户号".into(), 0.8, false),
        col(zh("term", "group"), 0.55, false),
        col(zh("term", "name"), 1.1, false),
        col(zh("term", "id_number"), 1.75, false),
        col(zh("term", "points"), 0.55, true),
        col(zh("term", "grade"), 1.0, false),
        col(zh("term", "model_limit"), 0.8, true),
        col(zh("term", "committee_limit"), 0.8, true),
        col(zh("term", "proposed_limit"), 0.8, true),
        col("核定".into(), 0.8, false),
    ];
    let rows: Vec<Vec<String>> = report
        .households
        .iter()
        .map(|h| {
            vec![
                h.household.clone(),
                h.group.clone(),
                h.head_name_masked.clone(),
                h.head_id_masked.clone(),
                h.points.clone().unwrap_or_else(|| "-".into()),
                if h.evaluated {
                    zh("grade", h.grade.as_deref().unwrap_or("none"))
                } else {
                    zh("lifecycle", &h.state)
                },
                labels::yuan(h.model_limit_yuan),
                h.committee_limit_yuan
                    .map_or_else(|| "-".into(), labels::yuan),
                labels::yuan(h.proposed_limit_yuan),
                h.reconciliation
                    .as_deref()
                    .map_or_else(|| "-".into(), |c| zh("reconcile", c)),
            ]
        })
        .collect();
    l.table(&columns, &rows, 7.5);
    l.paragraph(7.5, "核定：已一致 agreed / 需说明 needs a reason（差距超过30%，须网格员书面说明）/ 已说明 reason recorded / 未评议 no committee review", 90);

    l.new_page();
    let n = &report.notice;
    l.title(
        &format!("{place} 信用户公示名单"),
        "public notice of credit households",
    );
    l.paragraph(
        10.0,
        &format!(
            "经农户申请、村评议小组背对背评议、网格客户经理入户核实，下列 {} 户拟评定为信用户，现予公示。公示期自 {} 至 {}（{} 天）。如有异议，请在公示期内向{}反映（可署名或匿名，受理人将为反映人保密）。",
            n.entries.len(),
            n.posted_from,
            n.posted_until,
            n.days,
            n.objections_to
        ),
        0,
    );
    l.paragraph(
        8.0,
        &format!(
            "Posted {} to {} ({} days). Objections during the notice period to the village committee or the branch's grid manager.",
            n.posted_from, n.posted_until, n.days
        ),
        90,
    );
    l.y += 8.0;
    let columns = [
        col("序号".into(), 0.5, true),
        col(zh("term", "group"), 0.6, false),
        col(zh("term", "name"), 1.3, false),
        col(zh("term", "id_number"), 2.0, false),
        col(zh("term", "grade"), 1.2, false),
        col(format!("{}(元)", zh("term", "proposed_limit")), 1.0, true),
    ];
    let rows: Vec<Vec<String>> = n
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.group.clone(),
                e.head_name_masked.clone(),
                e.head_id_masked.clone(),
                zh("grade", e.grade.as_deref().unwrap_or("none")),
                labels::yuan(e.proposed_limit_yuan),
            ]
        })
        .collect();
    l.table(&columns, &rows, 9.0);
    l.paragraph(
        8.5,
        "额度为预估授信额度，以银行审批为准。Limits are estimates, subject to the bank's approval.",
        90,
    );
    l.y += 20.0;
    l.room(40.0);
    let sign = format!("{}村民委员会（盖章）", report.village);
    let x = WIDTH - MARGIN - fonts.width(&sign, 10.0);
    let y = l.y;
    l.text_at(x, y, 10.0, &sign, 0);
    let x = WIDTH - MARGIN - fonts.width(&n.posted_from, 10.0);
    l.text_at(x, y + 16.0, 10.0, &n.posted_from, 0);
    l
}

fn grey(level: u8) -> rgb::Color {
    rgb::Color::new(level, level, level)
}

pub fn render(report: &VillageReport) -> Result<Vec<u8>, Fatal> {
    let fonts = Fonts::load()?;
    let font = |data: &std::sync::Arc<Vec<u8>>| {
        Font::new(data.clone().into(), 0)
            .ok_or_else(|| Fatal("a font could not be read for the PDF".into()))
    };
    let (cjk, latin) = (font(&fonts.cjk)?, font(&fonts.latin)?);
    let layout = lay_out(report, &fonts);
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("{}{} 村级汇总与公示", report.town, report.village))
            .language("zh-CN".into())
            .creator("cunxin".into()),
    );
    let settings =
        PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| Fatal("bad page size".into()))?;
    for ops in &layout.pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Shade { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: rgb::Color::new(232, 238, 244).into(),
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Rule { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x1, *y1);
                    path.line_to(*x2, *y2);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: grey(160).into(),
                            width: 0.5,
                            opacity: NormalizedF32::ONE,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Text {
                    x,
                    y,
                    size,
                    text,
                    grey: level,
                } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: grey(*level).into(),
                        ..Default::default()
                    }));
                    let mut at = *x;
                    for (is_cjk, run) in fonts.runs(text) {
                        let f = if is_cjk { cjk.clone() } else { latin.clone() };
                        surface.draw_text(
                            Point::from_xy(at, *y),
                            f,
                            *size,
                            run,
                            false,
                            TextDirection::Auto,
                        );
                        at += fonts.run_width(is_cjk, run, *size);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| Fatal(format!("could not write the PDF: {e:?}")))
}
