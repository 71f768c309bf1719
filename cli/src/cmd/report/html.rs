//! The village report as one printable HTML page (A4): the roll-up, every household's
//! decision, and the public-notice list to post in the village. Names and ID numbers are
//! masked; the words come from the label table.

use super::assess::{ReportLine, VillageReport};
use cunxin_core::labels;
use std::fmt::Write;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A cell: Chinese on top, English below in small print.
fn heading(section: &str, code: &str) -> String {
    match labels::label(section, code) {
        Some(l) => format!("{}<br><small>{}</small>", esc(&l.zh), esc(&l.en)),
        None => esc(code),
    }
}

/// The roll-up's rows: what is measured, and its value for people.
pub fn rollup_rows(report: &VillageReport) -> Vec<(String, String)> {
    let r = &report.rollup;
    let coverage = r
        .coverage_permille
        .map_or_else(|| "-".to_string(), labels::percent_from_permille);
    vec![
        (labels::term("households"), r.households.to_string()),
        (labels::term("evaluated"), r.evaluated.to_string()),
        (labels::term("eligible"), r.eligible.to_string()),
        (
            labels::term("credit_households"),
            r.credit_households.to_string(),
        ),
        (
            labels::term("credit_share"),
            labels::percent_from_permille(r.credit_share_permille),
        ),
        (
            labels::term("coverage"),
            format!(
                "{coverage} ({} 80.0%: {})",
                labels::term("coverage_target"),
                labels::verdict(if r.coverage_target_met {
                    cunxin_core::scoring::rollup::Verdict::Pass
                } else {
                    cunxin_core::scoring::rollup::Verdict::Fail
                })
            ),
        ),
        (
            labels::term("total_limit"),
            format!(
                "{} {}",
                labels::yuan(r.total_proposed_limit_yuan),
                labels::term("yuan")
            ),
        ),
        (
            labels::term("credit_village"),
            labels::verdict(r.credit_village),
        ),
        (
            labels::term("credit_village_seed002"),
            labels::verdict(r.credit_village_seed002),
        ),
        (labels::term("lending"), labels::lending(r.lending)),
    ]
}

/// A line's reconciliation in words, or a dash.
pub fn reconciliation_words(line: &ReportLine) -> String {
    line.reconciliation
        .as_deref()
        .map_or_else(|| "-".into(), |c| labels::both("reconcile", c))
}

const STYLE: &str = r#"
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Droid Sans Fallback", "Microsoft YaHei", sans-serif; color: #111; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 18pt 0 6pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; } small { color: #555; font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.notice { page-break-before: always; } .lead { line-height: 1.6; } .sign { margin-top: 28pt; text-align: right; line-height: 2; }
.note { color: #444; font-size: 9.5pt; }
"#;

pub fn render(report: &VillageReport) -> String {
    let mut out = String::new();
    let place = format!("{}{}", report.town, report.village);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} 村级汇总与公示 village report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&place)
    );
    let _ = write!(
        out,
        "<h1>{} 整村授信汇总 <small>village roll-up</small></h1>\n<p class=\"note\">评分卡 scorecard: {}</p>\n<table>\n",
        esc(&place),
        esc(&report.scorecard)
    );
    for (what, value) in rollup_rows(report) {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(&what),
            esc(&value)
        );
    }
    out.push_str("</table>\n");

    let _ = write!(
        out,
        "<h2>逐户情况 <small>households</small></h2>\n<table>\n<tr><th>户号<br><small>household</small></th><th>{}</th><th>{}</th><th>{}</th><th>状态<br><small>state</small></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>核定<br><small>reconciliation</small></th></tr>\n",
        heading("term", "group"),
        heading("term", "name"),
        heading("term", "id_number"),
        heading("term", "points"),
        heading("term", "grade"),
        heading("term", "model_limit"),
        heading("term", "committee_limit"),
        heading("term", "proposed_limit"),
    );
    for l in &report.households {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&l.household),
            esc(&l.group),
            esc(&l.head_name_masked),
            esc(&l.head_id_masked),
            esc(&labels::both("lifecycle", &l.state)),
            esc(l.points.as_deref().unwrap_or("-")),
            esc(&if l.evaluated {
                labels::grade(l.grade.as_deref())
            } else {
                "-".into()
            }),
            labels::yuan(l.model_limit_yuan),
            l.committee_limit_yuan
                .map_or_else(|| "-".into(), labels::yuan),
            labels::yuan(l.proposed_limit_yuan),
            esc(&reconciliation_words(l)),
        );
    }
    out.push_str("</table>\n");

    let n = &report.notice;
    let _ = write!(
        out,
        "<section class=\"notice\">\n<h1>{} 信用户公示名单</h1>\n<p class=\"note\">public notice of credit households</p>\n<p class=\"lead\">经农户申请、村评议小组背对背评议、网格客户经理入户核实，下列 {} 户拟评定为信用户，现予公示。公示期自 {} 至 {}（{} 天）。如有异议，请在公示期内向{}反映（可署名或匿名，受理人将为反映人保密）。</p>\n<p class=\"note\">The households below are proposed as credit households after the village panel's independent review and the grid manager's visit. Posted {} to {} ({} days). Objections during the notice period to: {}.</p>\n<table>\n<tr><th>序号<br><small>no.</small></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        esc(&place),
        n.entries.len(),
        n.posted_from,
        n.posted_until,
        n.days,
        esc(&n.objections_to),
        n.posted_from,
        n.posted_until,
        n.days,
        esc(&n.objections_to),
        heading("term", "group"),
        heading("term", "name"),
        heading("term", "id_number"),
        heading("term", "grade"),
        heading("term", "proposed_limit"),
    );
    for (i, l) in n.entries.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            esc(&l.group),
            esc(&l.head_name_masked),
            esc(&l.head_id_masked),
            esc(&labels::grade(l.grade.as_deref())),
            labels::yuan(l.proposed_limit_yuan),
        );
    }
    let _ = write!(
        out,
        "</table>\n<p class=\"note\">额度为预估授信额度，以银行审批为准。Limits are estimates, subject to the bank's approval.</p>\n<p class=\"sign\">{}村民委员会（盖章）<br>{}</p>\n</section>\n</body>\n</html>\n",
        esc(&report.village),
        n.posted_from
    );
    out
}
