//! What the bank requires of each household in a batch, checked on its record. A household
//! that fails is rejected with a reason (no personal data in it) while the rest of the batch
//! is accepted; the device gets the household back to correct and seal again. The bank keeps
//! of it only the reason and a masked line.

use cunxin_core::batch::manifest::{MAX_RECORD_BYTES, MAX_RECORD_DEPTH, json_nests_deeper_than};
use cunxin_core::model::{ConsentKind, known_consent_text};
use cunxin_core::privacy::{mask_id, mask_name};
use serde_json::Value;
use std::collections::BTreeMap;

/// The reasons, in zh-CN with English.
fn missing(kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::PersonalInfo => {
            "缺少个人信息授权签字 / no signed personal-information consent"
        }
        ConsentKind::CreditInquiry => {
            "缺少征信查询授权签字 / no signed credit-inquiry authorization"
        }
    }
}

fn unknown_text(kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::PersonalInfo => {
            "个人信息授权所签文本不是已发布的版本 / the personal-information consent names no consent text Cunxin ships; sign the current text again"
        }
        ConsentKind::CreditInquiry => {
            "征信查询授权所签文本不是已发布的版本 / the credit-inquiry authorization names no consent text Cunxin ships; sign the current text again"
        }
    }
}

fn no_signature(kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::PersonalInfo => {
            "个人信息授权没有签字图像 / the personal-information consent has no signature image"
        }
        ConsentKind::CreditInquiry => {
            "征信查询授权没有签字图像 / the credit-inquiry authorization has no signature image"
        }
    }
}

/// Why the record's bytes cannot be parsed, checked before any parser sees them.
pub fn unreadable_reason(size: u64, bytes: Option<&[u8]>) -> Option<String> {
    if size > MAX_RECORD_BYTES {
        return Some(format!(
            "记录过大 / the household record has {size} bytes, more than the {MAX_RECORD_BYTES} a record may have"
        ));
    }
    let bytes = bytes?;
    if std::str::from_utf8(bytes).is_err() {
        return Some("记录不是 UTF-8 文本 / the household record is not UTF-8 text".into());
    }
    if json_nests_deeper_than(bytes, MAX_RECORD_DEPTH) {
        return Some(format!(
            "记录嵌套过深 / the household record nests deeper than {MAX_RECORD_DEPTH} levels"
        ));
    }
    None
}

/// The reason the household cannot be accepted, if any. `files` are the batch's files and
/// their sizes: a consent counts only with its signature image among them.
pub fn rejection_reason(record: &Value, files: &BTreeMap<&str, u64>) -> Option<String> {
    if record["format"] != "cunxin-household/1" {
        return Some("记录格式不支持 / the household record's format is not supported".into());
    }
    let consents = record["consents"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for kind in ConsentKind::ALL {
        let of_kind: Vec<&Value> = consents
            .iter()
            .filter(|c| c["kind"] == kind.as_str())
            .collect();
        if of_kind.is_empty() {
            return Some(missing(kind).into());
        }
        let known = |c: &&&Value| {
            known_consent_text(
                kind,
                c["text_version"].as_str().unwrap_or_default(),
                c["text_sha256"].as_str().unwrap_or_default(),
            )
            .is_some()
        };
        let signed = |c: &&&Value| {
            c["signature_file"]
                .as_str()
                .and_then(|path| files.get(path))
                .is_some_and(|&size| size > 0)
        };
        if !of_kind.iter().any(|c| known(&c)) {
            return Some(unknown_text(kind).into());
        }
        if !of_kind.iter().any(|c| known(&c) && signed(&c)) {
            return Some(no_signature(kind).into());
        }
    }
    if record["score"].is_null() {
        return Some("没有评分结果 / the household was never scored".into());
    }
    None
}

/// What the bank keeps to name a rejected household: its place and the head's masked name
/// and ID number (东关村 3组 张*三 410303********1234).
pub fn masked_line(record: &Value) -> Option<String> {
    let household = &record["household"];
    let members = household["members"].as_array()?;
    let head = members
        .iter()
        .find(|m| m["relation"] == "head")
        .or_else(|| members.first())?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let line = [
        text(&household["place"]["village"]),
        text(&household["place"]["group"]),
        mask_name(&text(&head["name"])),
        mask_id(&text(&head["id_number"])),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    (!line.is_empty()).then_some(line)
}

/// The files a record names (photos, thumbnails, signatures), to be removed with it.
pub fn files_named(record: &Value) -> Vec<String> {
    let mut names = Vec::new();
    for (list, fields) in [
        ("photos", &["file", "thumbnail_file"][..]),
        ("consents", &["signature_file"][..]),
    ] {
        for item in record[list].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            for field in fields {
                if let Some(path) = item[*field].as_str() {
                    names.push(path.to_string());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use cunxin_core::model::current_consent_text;
    use serde_json::json;

    fn consent(kind: ConsentKind) -> Value {
        let text = current_consent_text(kind);
        json!({
            "kind": kind.as_str(),
            "text_version": text.version,
            "text_sha256": text.sha256,
            "signature_file": format!("households/0001/signatures/{}.png", kind.as_str()),
        })
    }

    fn files() -> BTreeMap<&'static str, u64> {
        BTreeMap::from([
            ("households/0001/signatures/personal_info.png", 900),
            ("households/0001/signatures/credit_inquiry.png", 900),
        ])
    }

    fn record(consents: Vec<Value>, scored: bool) -> Value {
        json!({
            "format": "cunxin-household/1",
            "consents": consents,
            "score": if scored { json!({"limit_yuan": 50000}) } else { Value::Null },
        })
    }

    #[test]
    fn a_complete_household_passes() {
        let both = vec![
            consent(ConsentKind::PersonalInfo),
            consent(ConsentKind::CreditInquiry),
        ];
        assert_eq!(rejection_reason(&record(both, true), &files()), None);
    }

    #[test]
    fn each_missing_requirement_is_named() {
        let files = files();
        let no_credit = rejection_reason(
            &record(vec![consent(ConsentKind::PersonalInfo)], true),
            &files,
        )
        .unwrap();
        assert!(no_credit.contains("credit-inquiry"), "{no_credit}");
        let no_info = rejection_reason(
            &record(vec![consent(ConsentKind::CreditInquiry)], true),
            &files,
        )
        .unwrap();
        assert!(no_info.contains("personal-information"), "{no_info}");
        let both = vec![
            consent(ConsentKind::PersonalInfo),
            consent(ConsentKind::CreditInquiry),
        ];
        let unscored = rejection_reason(&record(both.clone(), false), &files).unwrap();
        assert!(unscored.contains("never scored"), "{unscored}");
        let foreign = rejection_reason(&json!({"format": "other"}), &files).unwrap();
        assert!(foreign.contains("format"), "{foreign}");

        let mut placeholder = both.clone();
        placeholder[0]["text_sha256"] = json!("5f".repeat(32));
        let unknown = rejection_reason(&record(placeholder, true), &files).unwrap();
        assert!(unknown.contains("names no consent text"), "{unknown}");
        let mut unsigned = both;
        unsigned[1]["signature_file"] = json!("households/0001/signatures/missing.png");
        let unsigned = rejection_reason(&record(unsigned, true), &files).unwrap();
        assert!(unsigned.contains("no signature image"), "{unsigned}");
    }

    #[test]
    fn bounds_are_checked_before_parsing() {
        assert!(
            unreadable_reason(MAX_RECORD_BYTES + 1, None)
                .unwrap()
                .contains("bytes")
        );
        assert!(
            unreadable_reason(3, Some(b"\xff\xfe{"))
                .unwrap()
                .contains("UTF-8")
        );
        let deep = "[".repeat(MAX_RECORD_DEPTH + 1);
        assert!(
            unreadable_reason(deep.len() as u64, Some(deep.as_bytes()))
                .unwrap()
                .contains("nests")
        );
        assert_eq!(unreadable_reason(2, Some(b"{}")), None);
    }

    #[test]
    fn the_masked_line_names_the_place_and_the_masked_head() {
        let record = json!({"household": {
            "place": {"village": "东关村", "group": "3组"},
            "members": [
                {"name": "李四", "id_number": "410303199001011234", "relation": "spouse"},
                {"name": "张大三", "id_number": "410303198801011238", "relation": "head"},
            ]
        }});
        assert_eq!(
            masked_line(&record).unwrap(),
            "东关村 3组 张*三 410303********1238"
        );
    }
}
