//! `cunxin household show`: one household, masked unless `--reveal`.

use super::state_label;
use cunxin_core::intake::resident_id::Sex;
use cunxin_core::model::LifecycleState;
use cunxin_core::privacy::{mask_id, mask_name, mask_phone};
use cunxin_core::scoring::Facts;
use cunxin_core::store::{HouseholdRecord, masked_household};
use serde::Serialize;

#[derive(Serialize)]
struct MemberView {
    name: String,
    id_number: String,
    relation: String,
    sex: Sex,
    birth_date: String,
    phone: Option<String>,
}

#[derive(Serialize)]
struct PhotoView {
    id: String,
    kind: &'static str,
    sha256: String,
    width: u32,
    height: u32,
    captured_at: Option<String>,
    taken_by: String,
    quality_flags: Vec<String>,
}

#[derive(Serialize)]
struct ConsentView {
    id: String,
    kind: &'static str,
    text_version: String,
    signed_at: String,
}

#[derive(Serialize)]
pub(super) struct HouseholdView {
    id: String,
    masked: bool,
    town: String,
    village: String,
    group: String,
    /// Only with --reveal.
    address: Option<String>,
    state: LifecycleState,
    members: Vec<MemberView>,
    /// Only with --reveal.
    facts: Option<Facts>,
    facts_revision: Option<u32>,
    facts_final: bool,
    photos: Vec<PhotoView>,
    consents: Vec<ConsentView>,
    imported_at: String,
    updated_at: String,
}

pub(super) fn view(record: HouseholdRecord, reveal: bool) -> HouseholdView {
    let h = record.household;
    let keep = |text: String, mask: fn(&str) -> String| if reveal { text } else { mask(&text) };
    HouseholdView {
        id: if reveal {
            h.id.0.clone()
        } else {
            masked_household(&h.id)
        },
        masked: !reveal,
        town: h.place.town,
        village: h.place.village,
        group: h.place.group,
        address: reveal.then_some(h.address),
        state: record.state,
        members: h
            .members
            .into_iter()
            .map(|m| MemberView {
                name: keep(m.name, mask_name),
                id_number: keep(m.id_number, mask_id),
                relation: m.relation_word,
                sex: m.sex,
                birth_date: if reveal {
                    m.birth_date.to_string()
                } else {
                    m.birth_date.format("%Y").to_string()
                },
                phone: m.phone.map(|p| keep(p, mask_phone)),
            })
            .collect(),
        facts: if reveal { record.facts } else { None },
        facts_revision: record.facts_revision,
        facts_final: record.facts_final,
        photos: record
            .photos
            .into_iter()
            .map(|p| PhotoView {
                id: p.id.0,
                kind: p.meta.kind.as_str(),
                sha256: p.sha256,
                width: p.meta.width,
                height: p.meta.height,
                captured_at: p.meta.captured_at,
                taken_by: p.meta.taken_by,
                quality_flags: p.meta.quality_flags,
            })
            .collect(),
        consents: record
            .consents
            .into_iter()
            .map(|c| ConsentView {
                id: c.id.0,
                kind: c.input.kind.as_str(),
                text_version: c.input.text_version,
                signed_at: c.input.signed_at,
            })
            .collect(),
        imported_at: record.imported_at,
        updated_at: record.updated_at,
    }
}

pub(super) fn print_household(v: &HouseholdView) {
    println!("户号 household   {}", v.id);
    println!("地址 place       {} {} {}", v.town, v.village, v.group);
    if let Some(address) = &v.address {
        println!("住址 address     {address}");
    }
    println!("状态 state       {}", state_label(&v.state));
    println!("成员 members");
    for m in &v.members {
        println!(
            "  {:<8} {:<20} {:<6} {:<4} {:<12} {}",
            m.name,
            m.id_number,
            m.relation,
            match m.sex {
                Sex::Male => "男",
                Sex::Female => "女",
            },
            m.birth_date,
            m.phone.as_deref().unwrap_or("-")
        );
    }
    let facts = match (v.facts_revision, v.facts_final) {
        (None, _) => "无 none".to_string(),
        (Some(r), true) => format!("第{r}版 revision {r}, final"),
        (Some(r), false) => format!("第{r}版 revision {r}, draft"),
    };
    println!("走访信息 facts   {facts}");
    println!("照片 photos      {}", v.photos.len());
    for p in &v.photos {
        println!(
            "  {:<22} {}x{} {}",
            p.kind,
            p.width,
            p.height,
            &p.sha256[..16]
        );
    }
    println!("授权 consents    {}", v.consents.len());
    for c in &v.consents {
        println!("  {:<16} {} {}", c.kind, c.text_version, c.signed_at);
    }
}
