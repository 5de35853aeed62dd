//! The tile layers and the attributes each carries.

use std::fmt;
use std::str::FromStr;

use geozero::mvt::TileValue;

use crate::atlas::Atlas;

/// A layer that can be served as vector tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileLayer {
    /// Jurisdiction polygons.
    Jurisdictions,
    /// Grid polygons with their officer and coverage status.
    Grids,
    /// Village points.
    Villages,
    /// Station points.
    Stations,
    /// Office points.
    Offices,
    /// Officers at their office's point.
    Officers,
    /// Road centre lines (only data sets with roads).
    Roads,
}

impl TileLayer {
    /// Every layer, in drawing order (bottom first).
    pub const ALL: [TileLayer; 7] = [
        Self::Jurisdictions,
        Self::Grids,
        Self::Roads,
        Self::Villages,
        Self::Stations,
        Self::Offices,
        Self::Officers,
    ];

    /// The layer id used in URLs and as the MVT layer name.
    pub fn id(self) -> &'static str {
        match self {
            Self::Jurisdictions => "jurisdictions",
            Self::Grids => "grids",
            Self::Villages => "villages",
            Self::Stations => "stations",
            Self::Offices => "offices",
            Self::Officers => "officers",
            Self::Roads => "roads",
        }
    }

    /// Whether `atlas` has this layer.
    pub fn available(self, atlas: &Atlas) -> bool {
        self != Self::Roads || !atlas.roads.is_empty()
    }

    /// Attribute names and their TileJSON types.
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Jurisdictions => &[("id", "String"), ("code", "String"), ("name", "String")],
            Self::Grids => &[
                ("id", "String"),
                ("code", "String"),
                ("village_id", "String"),
                ("village_name", "String"),
                ("jurisdiction_id", "String"),
                ("officer_id", "String"),
                ("officer_name", "String"),
                ("office_id", "String"),
                ("status", "String"),
                ("auxiliaries", "Number"),
            ],
            Self::Villages => &[
                ("id", "String"),
                ("code", "String"),
                ("name", "String"),
                ("kind", "String"),
                ("population", "Number"),
                ("jurisdiction_id", "String"),
                ("grid_id", "String"),
                ("officer_id", "String"),
                ("officer_name", "String"),
            ],
            Self::Stations => &[
                ("id", "String"),
                ("name", "String"),
                ("jurisdiction_id", "String"),
            ],
            Self::Offices => &[
                ("id", "String"),
                ("name", "String"),
                ("station_id", "String"),
                ("station_name", "String"),
                ("officers", "Number"),
            ],
            Self::Officers => &[
                ("id", "String"),
                ("name", "String"),
                ("role", "String"),
                ("office_id", "String"),
                ("grid_count", "Number"),
            ],
            Self::Roads => &[
                ("id", "String"),
                ("highway", "String"),
                ("name", "String"),
                ("oneway", "String"),
            ],
        }
    }

    /// A one-line description.
    pub fn description(self) -> &'static str {
        match self {
            Self::Roads => "Road centre lines from OpenStreetMap",
            _ => "",
        }
    }
}

impl fmt::Display for TileLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An unknown tile layer id.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("unknown tile layer {0:?}; GET /tiles lists the layers of this data set")]
pub struct UnknownLayer(pub String);

impl FromStr for TileLayer {
    type Err = UnknownLayer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|l| l.id() == s)
            .ok_or_else(|| UnknownLayer(s.to_owned()))
    }
}

/// Below this zoom grids carry only what colours them (id, officer_id, office_id, status):
/// at overview zooms a tile holds every grid of a province, and names would triple its size.
pub const GRID_DETAIL_ZOOM: u8 = 10;

/// The attributes of record `i` of `layer` at `zoom`; absent values are left out.
pub(super) fn attributes(
    atlas: &Atlas,
    layer: TileLayer,
    i: usize,
    zoom: u8,
) -> Vec<(&'static str, TileValue)> {
    let d = &atlas.dataset;
    let mut a = Attributes::default();
    match layer {
        TileLayer::Jurisdictions => {
            let j = &d.jurisdictions[i];
            a.text("id", &j.id)
                .text("code", &j.code)
                .text("name", &j.name);
        }
        TileLayer::Grids if zoom < GRID_DETAIL_ZOOM => grid_overview(atlas, i, &mut a),
        TileLayer::Grids => grid(atlas, i, &mut a),
        TileLayer::Villages => village(atlas, i, &mut a),
        TileLayer::Stations => {
            let s = &d.stations[i];
            a.text("id", &s.id).text("name", &s.name);
            a.maybe("jurisdiction_id", s.jurisdiction_id.as_deref());
        }
        TileLayer::Offices => {
            let o = &d.offices[i];
            let officers = atlas.office_officers(i).len();
            a.text("id", &o.id)
                .text("name", &o.name)
                .text("station_id", &o.station_id);
            a.maybe(
                "station_name",
                d.station(&o.station_id).map(|s| s.name.as_str()),
            );
            a.number("officers", officers as u64);
        }
        TileLayer::Officers => {
            let o = &d.officers[i];
            a.text("id", &o.id)
                .text("name", &o.name)
                .text("role", o.role.as_str());
            a.text("office_id", &o.office_id)
                .number("grid_count", o.grid_ids.len() as u64);
        }
        TileLayer::Roads => {
            let r = &atlas.roads[i];
            a.text("id", &format!("w{}", r.osm_id))
                .text("highway", &r.highway);
            a.maybe("name", r.name.as_deref())
                .maybe("oneway", r.oneway.as_deref());
        }
    }
    a.0
}

fn grid(atlas: &Atlas, i: usize, a: &mut Attributes) {
    // Everything the overview carries, then the detail.
    grid_overview(atlas, i, a);
    let d = &atlas.dataset;
    let g = &d.grids[i];
    let village = g.village_id.as_deref().and_then(|v| d.village(v));
    a.text("code", &g.code)
        .text("jurisdiction_id", &g.jurisdiction_id);
    a.maybe("village_id", g.village_id.as_deref());
    a.maybe("village_name", village.map(|v| v.name.as_str()));
    a.maybe(
        "officer_name",
        d.primary_officer(i).map(|o| o.name.as_str()),
    );
    a.number("auxiliaries", d.auxiliaries(i).count() as u64);
}

fn grid_overview(atlas: &Atlas, i: usize, a: &mut Attributes) {
    let d = &atlas.dataset;
    let officer = d.primary_officer(i);
    a.text("id", &d.grids[i].id);
    a.maybe("officer_id", officer.map(|o| o.id.as_str()));
    a.maybe(
        "office_id",
        d.grid_officers(i).next().map(|o| o.office_id.as_str()),
    );
    a.text(
        "status",
        if officer.is_some() {
            "assigned"
        } else {
            "unassigned"
        },
    );
}

fn village(atlas: &Atlas, i: usize, a: &mut Attributes) {
    let d = &atlas.dataset;
    let v = &d.villages[i];
    let grid = atlas.village_grid(i);
    let officer = grid.and_then(|g| d.primary_officer(g));
    a.text("id", &v.id)
        .text("name", &v.name)
        .text("kind", v.kind.as_str());
    a.text("jurisdiction_id", &v.jurisdiction_id);
    a.maybe("code", v.code.as_deref());
    if let Some(p) = v.population {
        a.number("population", p);
    }
    a.maybe("grid_id", grid.map(|g| d.grids[g].id.as_str()));
    a.maybe("officer_id", officer.map(|o| o.id.as_str()));
    a.maybe("officer_name", officer.map(|o| o.name.as_str()));
}

#[derive(Default)]
struct Attributes(Vec<(&'static str, TileValue)>);

impl Attributes {
    fn text(&mut self, key: &'static str, value: &str) -> &mut Self {
        self.0.push((key, TileValue::Str(value.to_owned())));
        self
    }

    fn maybe(&mut self, key: &'static str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.text(key, v);
        }
        self
    }

    fn number(&mut self, key: &'static str, value: u64) -> &mut Self {
        self.0.push((key, TileValue::Uint(value)));
        self
    }
}
