//! The village's review panel (授信评议小组): five members who rate every household back to
//! back. Their suggestions sit near, not on, what the household's economy supports, spread
//! the way a real panel disagrees.

use crate::households::{Livelihood, SampleHousehold};
use rand::Rng;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PanelMember {
    pub member: &'static str,
    /// The core's PanelRole, as its JSON writes it.
    pub role: &'static str,
}

pub const PANEL: [PanelMember; 5] = [
    PanelMember {
        member: "村主任刘德胜",
        role: "village_cadre",
    },
    PanelMember {
        member: "组长陈国庆",
        role: "group_leader",
    },
    PanelMember {
        member: "村民代表黄玉梅",
        role: "resident_representative",
    },
    PanelMember {
        member: "村民代表周新民",
        role: "resident_representative",
    },
    PanelMember {
        member: "客户经理吴海涛",
        role: "bank_manager",
    },
];

/// One member's rating of one household (the script's form of the core's Rating).
#[derive(Debug, Clone, Serialize)]
pub struct PanelRating {
    pub member: &'static str,
    pub role: &'static str,
    /// 1 (weak) to 5 (strong).
    pub business: u8,
    pub income_yuan: i64,
    /// 1 (poor) to 5 (excellent).
    pub integrity: u8,
    pub limit_yuan: i64,
}

/// Every member's rating; `view` moves the panel's whole view up or down in percent (what the
/// panel knows that the scorecard does not).
pub fn ratings(
    rng: &mut impl Rng,
    household: &SampleHousehold,
    standing: &str,
    view: i64,
) -> Vec<PanelRating> {
    let economy = &household.economy;
    let supported = (economy.net_income_yuan * 6 / 10).clamp(10_000, 100_000) * view / 100;
    let business = match economy.livelihood {
        Livelihood::Business => 5,
        Livelihood::Salaried | Livelihood::MigrantWork => 4,
        Livelihood::Farming => 3,
        Livelihood::None => 1,
    };
    let integrity = match standing {
        "good" => 5,
        "fairly_good" => 4,
        _ => 3,
    };
    PANEL
        .iter()
        .map(|m| PanelRating {
            member: m.member,
            role: m.role,
            business: (business as i32 + rng.random_range(-1..=1)).clamp(1, 5) as u8,
            income_yuan: economy.net_income_yuan * rng.random_range(85..116) / 100 / 1000 * 1000,
            integrity: (integrity as i32 - rng.random_range(0..2)).clamp(1, 5) as u8,
            limit_yuan: (supported * rng.random_range(85..116) / 100 / 5000 * 5000).max(0),
        })
        .collect()
}
