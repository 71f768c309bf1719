//! Search over the store at the door: name, pinyin initials, ID or phone tail, household
//! number, with filters (village, group, state, revisit due). Lines are masked.
//!
//! The people index (pinyin spellings of every name) is built once and kept until household
//! or member rows change; the household facets (village, group, state) are re-read after
//! any write. Both live in memory only, like SQLCipher's own page cache.

use super::Store;
use super::error::{StoreError, StoreResult};
use super::household_rows::parse_state;
use crate::intake::search::{MatchKind, SearchEntry, SearchIndex};
use crate::model::LifecycleState;
use crate::privacy::{mask_id, mask_name, mask_phone};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// What the search screen asks. An empty `text` lists the households that pass the filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchQuery {
    pub text: String,
    pub village: Option<String>,
    pub group: Option<String>,
    /// State names (`imported`, `not_home` …); empty means any state still on the device.
    pub states: Vec<String>,
    /// Only households not home whose revisit is due by this time or date (ISO); one with
    /// no agreed time is always due.
    pub revisit_due_by: Option<String>,
    /// At most this many lines; 0 means 50.
    pub limit: u32,
}

/// One line of the result: a person (or, for an empty query, the head), masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchLine {
    pub household: String,
    pub position: u32,
    pub is_head: bool,
    pub name_masked: String,
    pub id_masked: String,
    pub phone_masked: Option<String>,
    pub village: String,
    pub group: String,
    pub state: LifecycleState,
    /// How the query matched; None for a filter-only listing.
    pub matched_by: Option<MatchKind>,
}

const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, Clone, Copy)]
struct PersonRef {
    hid: i64,
    position: u32,
    is_head: bool,
}

#[derive(Debug, Clone)]
struct Facets {
    key: String,
    village: String,
    group: String,
    state: LifecycleState,
}

#[derive(Default)]
struct People {
    generation: Option<u64>,
    index: SearchIndex,
    refs: Vec<PersonRef>,
    /// hid → index of the head's entry.
    heads: HashMap<i64, usize>,
}

#[derive(Default)]
struct Households {
    generation: Option<u64>,
    /// In list order (village, group, import order).
    order: Vec<i64>,
    facets: HashMap<i64, Facets>,
}

/// Search's caches (see the module's comment).
#[derive(Default)]
pub(crate) struct SearchCache {
    people: RefCell<People>,
    households: RefCell<Households>,
}

fn load_people(store: &Store) -> StoreResult<People> {
    let mut stmt = store.conn().prepare(
        "SELECT m.hid, m.position, h.household_key, m.name, m.id_number, m.data
         FROM members m JOIN households h ON h.hid = m.hid
         WHERE h.household_key IS NOT NULL AND h.state_name <> 'purged'
         ORDER BY m.hid, m.position",
    )?;
    let mut entries = Vec::new();
    let mut refs = Vec::new();
    let mut heads = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    for row in rows {
        let (hid, position, key, name, id_number, data) = row?;
        #[derive(Deserialize)]
        struct Contact {
            phone: Option<String>,
            relation: Option<crate::model::Relation>,
        }
        let contact: Contact = serde_json::from_str(&data)
            .map_err(|_| StoreError::Damaged("a stored member cannot be read".into()))?;
        let is_head = contact.relation == Some(crate::model::Relation::Head);
        if is_head || !heads.contains_key(&hid) {
            heads.insert(hid, entries.len());
        }
        entries.push(SearchEntry::new(
            &key,
            &name,
            &id_number,
            contact.phone.as_deref(),
        ));
        refs.push(PersonRef {
            hid,
            position,
            is_head,
        });
    }
    Ok(People {
        generation: None,
        index: SearchIndex::new(entries),
        refs,
        heads,
    })
}

fn load_households(store: &Store) -> StoreResult<Households> {
    let mut stmt = store.conn().prepare(
        "SELECT hid, household_key, village, grp, state FROM households
         WHERE household_key IS NOT NULL AND state_name <> 'purged'
         ORDER BY village, grp, hid",
    )?;
    let mut order = Vec::new();
    let mut facets = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (hid, key, village, group, state) = row?;
        order.push(hid);
        facets.insert(
            hid,
            Facets {
                key,
                village,
                group,
                state: parse_state(&state)?,
            },
        );
    }
    Ok(Households {
        generation: None,
        order,
        facets,
    })
}

fn check_states(states: &[String]) -> StoreResult<()> {
    const NAMES: [&str; 10] = [
        "imported",
        "reviewed",
        "in_progress",
        "finalized",
        "sealed",
        "uploaded",
        "purged",
        "not_home",
        "declined",
        "ineligible",
    ];
    match states.iter().find(|s| !NAMES.contains(&s.as_str())) {
        Some(bad) => Err(StoreError::InvalidInput(format!(
            "{bad} is not a household state; use one of {}",
            NAMES.join(", ")
        ))),
        None => Ok(()),
    }
}

impl SearchQuery {
    fn admits(&self, f: &Facets) -> bool {
        if self.village.as_deref().is_some_and(|v| v != f.village) {
            return false;
        }
        if self.group.as_deref().is_some_and(|g| g != f.group) {
            return false;
        }
        if !self.states.is_empty() && !self.states.iter().any(|s| s == f.state.name()) {
            return false;
        }
        match (&self.revisit_due_by, &f.state) {
            (None, _) => true,
            (Some(by), LifecycleState::NotHome { revisit_at, .. }) => {
                revisit_at.as_deref().is_none_or(|at| at <= by.as_str())
            }
            (Some(_), _) => false,
        }
    }
}

impl Store {
    fn refresh_search(&self) -> StoreResult<()> {
        let cache = &self.search;
        let mut stale_people = cache.people.borrow().generation != Some(self.people_generation);
        if cache.households.borrow().generation != Some(self.generation) {
            let mut households = load_households(self)?;
            households.generation = Some(self.generation);
            // A household purged since: its people leave memory too.
            stale_people |= cache
                .people
                .borrow()
                .refs
                .iter()
                .any(|p| !households.facets.contains_key(&p.hid));
            *cache.households.borrow_mut() = households;
        }
        if stale_people {
            let mut people = load_people(self)?;
            people.generation = Some(self.people_generation);
            *cache.people.borrow_mut() = people;
        }
        Ok(())
    }

    /// Finds people by name, pinyin initials ("wcm" → 王长明), the last 4+ digits of an ID
    /// number or phone, or the household number; best matches first. With an empty text,
    /// lists the households (their heads) that pass the filters. Purged households are
    /// never found.
    pub fn search(&self, query: &SearchQuery) -> StoreResult<Vec<SearchLine>> {
        check_states(&query.states)?;
        self.refresh_search()?;
        let people = self.search.people.borrow();
        let households = self.search.households.borrow();
        let limit = match query.limit {
            0 => DEFAULT_LIMIT,
            n => n as usize,
        };
        let line = |entry: usize, matched_by: Option<MatchKind>| -> Option<SearchLine> {
            let person = people.refs[entry];
            let f = households.facets.get(&person.hid)?;
            if !query.admits(f) {
                return None;
            }
            let e = people.index.entry(entry);
            Some(SearchLine {
                household: f.key.clone(),
                position: person.position,
                is_head: person.is_head,
                name_masked: mask_name(&e.name),
                id_masked: mask_id(&e.id_number),
                phone_masked: e.phone.as_deref().map(mask_phone),
                village: f.village.clone(),
                group: f.group.clone(),
                state: f.state.clone(),
                matched_by,
            })
        };
        if query.text.trim().is_empty() {
            return Ok(households
                .order
                .iter()
                .filter_map(|hid| people.heads.get(hid))
                .filter_map(|&entry| line(entry, None))
                .take(limit)
                .collect());
        }
        Ok(people
            .index
            .search(&query.text, usize::MAX)
            .into_iter()
            .filter_map(|hit| line(hit.entry, Some(hit.kind)))
            .take(limit)
            .collect())
    }
}
