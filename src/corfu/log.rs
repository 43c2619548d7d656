//! The log as data, one cell per (position, unit) in log order, for the CLI's JSON and the checker:
//! `{"position":0,"unit":"U1","state":"data","client":"C1","value":"pizza"}`.

use super::message::Page;
use super::node::NodeId;
use super::unit::Slot;
use super::world::World;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    Data,
    Junk,
    Trimmed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub position: u64,
    pub unit: String,
    pub state: CellState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What CORFU's summary adds: the log held by the current projection's units.
#[derive(Clone, Debug, Serialize)]
pub struct CorfuFacts {
    pub log: Vec<Cell>,
}

/// Every written, junk or trimmed page on the current projection's units, by position then unit.
pub fn cells(w: &World) -> Vec<Cell> {
    let mut cells: Vec<(u64, NodeId, Cell)> = w
        .projection()
        .units()
        .into_iter()
        .filter_map(|u| w.units.get(u.index()).map(|x| (u, x)))
        .flat_map(|(u, x)| {
            x.pages.iter().map(move |(p, slot)| {
                let (state, client, value) = match slot {
                    Slot::Written(Page::Data { client, value }) => (
                        CellState::Data,
                        Some(client.to_string()),
                        Some(value.clone()),
                    ),
                    Slot::Written(Page::Junk) => (CellState::Junk, None, None),
                    Slot::Trimmed => (CellState::Trimmed, None, None),
                };
                let cell = Cell {
                    position: *p,
                    unit: u.to_string(),
                    state,
                    client,
                    value,
                };
                (*p, u, cell)
            })
        })
        .collect();
    cells.sort_by_key(|(p, u, _)| (*p, *u));
    cells.into_iter().map(|(_, _, c)| c).collect()
}

pub fn facts(w: &World) -> CorfuFacts {
    CorfuFacts { log: cells(w) }
}
