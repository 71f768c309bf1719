//! The village report's words and figures, and the printable HTML page built from them (the
//! PDF draws the same [`Sections`]).

use super::PrintedReport;
use cunxin_core::model::labels::{grade, label_of, percent};
use cunxin_core::scoring::rollup::{COVERAGE_TARGET_PERCENT, Verdict};

/// A titled table: header cells, then rows.
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The report as it is read, top to bottom.
pub struct Sections {
    pub title: String,
    pub figures: Vec<(String, String)>,
    pub tables: Vec<Table>,
    pub footer: Vec<String>,
}

fn yuan(amount: i64) -> String {
    // Grouped in thousands as bank forms write amounts: 1,250,000 元.
    let digits = amount.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{grouped} 元", if amount < 0 { "-" } else { "" })
}

pub fn sections(printed: &PrintedReport) -> Sections {
    let overview = &printed.report.overview;
    let rollup = &overview.rollup;
    let notice = &printed.report.notice;
    let met = |met: bool| label_of("verdict", &if met { Verdict::Pass } else { Verdict::Fail });
    let coverage = rollup.coverage_permille.map_or_else(
        || "—".to_string(),
        |p| format!("{} ({})", percent(p), met(rollup.coverage_target_met)),
    );
    let figures = vec![
        ("农户 households".into(), rollup.households.to_string()),
        ("已评定 evaluated".into(), rollup.evaluated.to_string()),
        ("符合基本条件 eligible".into(), rollup.eligible.to_string()),
        (
            "信用户 credit households".into(),
            format!(
                "{} ({})",
                rollup.credit_households,
                percent(rollup.credit_share_permille)
            ),
        ),
        (
            format!("授信面 credit coverage (目标 target {COVERAGE_TARGET_PERCENT}%)"),
            coverage,
        ),
        (
            "用信面 loan coverage (目标 target 30%)".into(),
            label_of("verdict", &Verdict::Unknown),
        ),
        (
            "建议总额度 proposed total".into(),
            yuan(rollup.total_proposed_limit_yuan),
        ),
        (
            "信用村 credit village".into(),
            label_of("verdict", &rollup.credit_village),
        ),
        (
            "续贷熔断 circuit breaker".into(),
            label_of("lending", &rollup.lending),
        ),
    ];
    let grades = Table {
        title: "信用等级分布 grades".into(),
        header: vec!["等级 grade".into(), "户数 households".into()],
        rows: rollup
            .grades
            .iter()
            .map(|(g, n)| vec![grade(g), n.to_string()])
            .collect(),
    };
    let groups = Table {
        title: "各组进度 progress by group".into(),
        header: vec![
            "组 group".into(),
            "户数 households".into(),
            "已评定 evaluated".into(),
            "信用户 credit".into(),
        ],
        rows: overview
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.group.clone(),
                    g.households.to_string(),
                    g.evaluated.to_string(),
                    g.credit_households.to_string(),
                ]
            })
            .collect(),
    };
    let list = Table {
        title: format!(
            "公示名单 public notice: {} 至 {} ({} 天 days)",
            printed.notice_from,
            printed.notice_until,
            (printed.notice_until - printed.notice_from).num_days() + 1
        ),
        header: vec![
            "组 group".into(),
            "户主 head".into(),
            "身份证号 ID number".into(),
            "等级 grade".into(),
            "建议额度 proposed limit".into(),
        ],
        rows: notice
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.group.clone(),
                    l.head_name_masked.clone(),
                    l.head_id_masked.clone(),
                    l.grade.as_deref().map_or_else(|| "—".into(), grade),
                    yuan(l.proposed_limit_yuan),
                ]
            })
            .collect(),
    };
    Sections {
        title: format!("{} 整村授信 村级汇总与公示 village report", rollup.village),
        figures,
        // A points scorecard (jinxiang) grades nobody: no grade table then.
        tables: [
            (!grades.rows.is_empty()).then_some(grades),
            Some(groups),
            Some(list),
        ]
        .into_iter()
        .flatten()
        .collect(),
        footer: vec![
            format!(
                "对公示名单有异议的，请在公示期内向 {} 反映。",
                printed.objections_to
            ),
            format!(
                "Objections during the notice period go to {}.",
                printed.objections_to
            ),
            format!(
                "评分卡 scorecard {} {}；额度以银行审批为准。",
                notice.scorecard, notice.scorecard_version
            ),
            "Limits are subject to the bank's approval.".into(),
        ],
    }
}

/// The figures as text lines (the command's plain output, and the demo's).
pub fn summary_lines(printed: &PrintedReport) -> Vec<String> {
    let s = sections(printed);
    let mut lines = vec![s.title];
    lines.extend(s.figures.into_iter().map(|(k, v)| format!("  {k}: {v}")));
    lines
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page a browser prints on A4.
pub fn page(printed: &PrintedReport) -> String {
    let s = sections(printed);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>\n\
         @page {{ size: A4; margin: 16mm; }}\n\
         body {{ font-family: 'Noto Sans CJK SC', 'Droid Sans Fallback', 'Microsoft YaHei', sans-serif; font-size: 11pt; color: #111; }}\n\
         h1 {{ font-size: 16pt; }} h2 {{ font-size: 12.5pt; margin-top: 1.4em; }}\n\
         table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #999; padding: 3px 6px; text-align: left; }}\n\
         th {{ background: #eee; }} dl {{ display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }} dt {{ color: #444; }}\n\
         tr {{ break-inside: avoid; }} footer {{ margin-top: 1.5em; font-size: 10pt; }}\n\
         </style></head><body>\n<h1>{title}</h1>\n<dl>\n",
        title = escape(&s.title)
    );
    for (k, v) in &s.figures {
        html += &format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v));
    }
    html += "</dl>\n";
    for table in &s.tables {
        html += &format!("<h2>{}</h2>\n<table><thead><tr>", escape(&table.title));
        for h in &table.header {
            html += &format!("<th>{}</th>", escape(h));
        }
        html += "</tr></thead><tbody>\n";
        for row in &table.rows {
            html += "<tr>";
            for cell in row {
                html += &format!("<td>{}</td>", escape(cell));
            }
            html += "</tr>\n";
        }
        html += "</tbody></table>\n";
    }
    html += "<footer>\n";
    for line in &s.footer {
        html += &format!("<p>{}</p>\n", escape(line));
    }
    html + "</footer>\n</body></html>\n"
}
