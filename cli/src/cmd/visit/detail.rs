//! Printing the household detail: masked unless `--reveal`.

use crate::cmd::store::state_label;
use crate::exit::{CmdResult, Outcome, print_json};
use crate::table::left;
use cunxin_core::model::{CheckState, FieldCheck, MemberField};
use cunxin_core::privacy::{mask_id, mask_name, mask_phone};
use cunxin_core::store::HouseholdDetail;

fn masked(field: MemberField, value: &str) -> String {
    match field {
        MemberField::Name => mask_name(value),
        MemberField::IdNumber => mask_id(value),
        MemberField::Phone => mask_phone(value),
        _ => value.to_string(),
    }
}

/// The detail with identifying values (and originals of identifying fields) masked.
pub(super) fn masked_detail(d: &HouseholdDetail) -> HouseholdDetail {
    let mut d = d.clone();
    d.id = d.id_masked.clone();
    for line in &mut d.household_fields {
        line.value = String::new();
        if let Some(c) = &mut line.check {
            c.original = None;
        }
    }
    for m in &mut d.members {
        for f in &mut m.fields {
            if f.field.is_identifying() {
                f.value = f.value.as_deref().map(|v| masked(f.field, v));
                if let Some(c) = &mut f.check {
                    c.original = c.original.as_deref().map(|v| masked(f.field, v));
                }
            }
        }
    }
    d
}

fn check_label(check: &Option<FieldCheck>) -> String {
    match check {
        None => "未核 unchecked".into(),
        Some(c) if c.state == CheckState::Verified => "已核 verified".into(),
        Some(c) => format!(
            "已改 corrected (原 was {})",
            c.original.as_deref().unwrap_or("-")
        ),
    }
}

pub(super) fn print(detail: &HouseholdDetail, json: bool, reveal: bool) -> CmdResult {
    let d = if reveal {
        detail.clone()
    } else {
        masked_detail(detail)
    };
    if json {
        print_json(&d)?;
        return Ok(Outcome::Clean);
    }
    println!("户号 household   {}", d.id);
    println!("地址 place       {} {} {}", d.town, d.village, d.group);
    println!(
        "状态 state       {} {}",
        state_label(&d.state),
        d.state.name()
    );
    for f in &d.household_fields {
        let value = if reveal {
            f.value.as_str()
        } else {
            "(--reveal)"
        };
        println!(
            "  {} {} {}",
            left(f.field.as_str(), 16),
            left(value, 24),
            check_label(&f.check)
        );
    }
    for m in &d.members {
        println!(
            "成员 member {}{}{}",
            m.position,
            if m.is_head { " 户主 head" } else { "" },
            if m.added_at_visit {
                " 新增 added"
            } else {
                ""
            }
        );
        for f in &m.fields {
            println!(
                "  {} {} {}",
                left(f.field.as_str(), 16),
                left(f.value.as_deref().unwrap_or("-"), 24),
                check_label(&f.check)
            );
        }
    }
    for r in &d.removed_members {
        println!(
            "已移除 removed  {} {} ({})",
            r.name_masked, r.id_masked, r.reason
        );
    }
    println!("未核字段 fields not yet checked: {}", d.unchecked_fields);
    Ok(Outcome::Clean)
}
