//! What the bank requires of each household in a batch, checked on its record. A household
//! that fails is rejected with a reason (no personal data in it) while the rest of the batch
//! is accepted; the device gets the household back to correct and seal again.

use serde_json::Value;

/// Consents the bank needs before it may use the data and query the credit bureau.
const REQUIRED_CONSENTS: [(&str, &str); 2] = [
    (
        "personal_info",
        "缺少个人信息授权签字 / no signed personal-information consent",
    ),
    (
        "credit_inquiry",
        "缺少征信查询授权签字 / no signed credit-inquiry authorization",
    ),
];

/// The reason the household cannot be accepted, if any.
pub fn rejection_reason(record: &Value) -> Option<String> {
    if record["format"] != "cunxin-household/1" {
        return Some("记录格式不支持 / the household record's format is not supported".into());
    }
    let consents = record["consents"].as_array();
    for (kind, reason) in REQUIRED_CONSENTS {
        let signed = consents.is_some_and(|list| list.iter().any(|c| c["kind"] == kind));
        if !signed {
            return Some(reason.into());
        }
    }
    if record["score"].is_null() {
        return Some("没有评分结果 / the household was never scored".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(consents: &[&str], scored: bool) -> Value {
        json!({
            "format": "cunxin-household/1",
            "consents": consents.iter().map(|k| json!({"kind": k})).collect::<Vec<_>>(),
            "score": if scored { json!({"limit_yuan": 50000}) } else { Value::Null },
        })
    }

    #[test]
    fn a_complete_household_passes() {
        assert_eq!(
            rejection_reason(&record(&["personal_info", "credit_inquiry"], true)),
            None
        );
    }

    #[test]
    fn each_missing_requirement_is_named() {
        let no_credit = rejection_reason(&record(&["personal_info"], true)).unwrap();
        assert!(no_credit.contains("credit-inquiry"), "{no_credit}");
        let no_info = rejection_reason(&record(&["credit_inquiry"], true)).unwrap();
        assert!(no_info.contains("personal-information"), "{no_info}");
        let unscored =
            rejection_reason(&record(&["personal_info", "credit_inquiry"], false)).unwrap();
        assert!(unscored.contains("never scored"), "{unscored}");
        let foreign = rejection_reason(&json!({"format": "other"})).unwrap();
        assert!(foreign.contains("format"), "{foreign}");
    }
}
