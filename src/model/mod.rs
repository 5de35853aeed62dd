//! The domain: who answers for which place.
//!
//! Every geometry here is in WGS84 (EPSG:4326), axis order (lon, lat), degrees. Records refer
//! to each other by string id; [`Dataset::check`] verifies those references once, after
//! loading, so the rest of the crate may rely on them.

mod check;
mod dataset;

pub use check::ModelError;
pub use dataset::{Dataset, DatasetMeta, Layers};

use geo::{LineString, MultiPolygon, Point};
use serde::{Deserialize, Serialize};

/// The polygon a police station answers for: a county, a parish.
#[derive(Debug, Clone, PartialEq)]
pub struct Jurisdiction {
    /// Stable id, unique in its data set.
    pub id: String,
    /// Administrative code (6-digit adcode in China, ISO 3166-2 or OSM id elsewhere).
    pub code: String,
    /// Local name.
    pub name: String,
    /// Area, WGS84.
    pub geometry: MultiPolygon<f64>,
}

/// A police station (派出所).
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// Stable id.
    pub id: String,
    /// Local name.
    pub name: String,
    /// Location, WGS84.
    pub point: Point<f64>,
    /// The jurisdiction the station lies in, if any.
    pub jurisdiction_id: Option<String>,
}

/// A police office (警务室), run by a station.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Stable id.
    pub id: String,
    /// Local name.
    pub name: String,
    /// Location, WGS84.
    pub point: Point<f64>,
    /// The station that runs this office.
    pub station_id: String,
}

/// A police workstation (警务工作站), run from an office.
#[derive(Debug, Clone, PartialEq)]
pub struct Workstation {
    /// Stable id.
    pub id: String,
    /// Local name.
    pub name: String,
    /// Location, WGS84.
    pub point: Point<f64>,
    /// The office this workstation reports to.
    pub office_id: String,
}

/// What kind of settlement a village is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageKind {
    /// A town (镇) or township seat.
    Town,
    /// A rural village (村委会).
    Village,
    /// A hamlet.
    Hamlet,
    /// A suburb of a town.
    Suburb,
    /// A neighbourhood.
    Neighbourhood,
    /// A single farm or house.
    IsolatedDwelling,
    /// An urban community (居委会, 社区).
    UrbanCommunity,
}

impl VillageKind {
    /// The snake_case name used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Town => "town",
            Self::Village => "village",
            Self::Hamlet => "hamlet",
            Self::Suburb => "suburb",
            Self::Neighbourhood => "neighbourhood",
            Self::IsolatedDwelling => "isolated_dwelling",
            Self::UrbanCommunity => "urban_community",
        }
    }
}

/// Any settlement an officer answers for: village, hamlet, town, urban community.
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    /// Stable id.
    pub id: String,
    /// Administrative code: the 12-digit statistical code in China, absent elsewhere.
    pub code: Option<String>,
    /// Local name.
    pub name: String,
    /// Settlement kind.
    pub kind: VillageKind,
    /// Representative point, WGS84.
    pub point: Point<f64>,
    /// Outline where the source has one.
    pub polygon: Option<MultiPolygon<f64>>,
    /// Population where known.
    pub population: Option<u64>,
    /// The jurisdiction the village lies in.
    pub jurisdiction_id: String,
}

/// A grid cell (网格): the unit one community officer answers for.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Stable id.
    pub id: String,
    /// Grid code.
    pub code: String,
    /// The village the grid serves; `None` for a jurisdiction with no village.
    pub village_id: Option<String>,
    /// The jurisdiction the grid lies in.
    pub jurisdiction_id: String,
    /// Area, WGS84.
    pub geometry: MultiPolygon<f64>,
}

/// An officer's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Community police officer (社区民警): the primary officer of a grid.
    Community,
    /// Auxiliary police (辅警): helps on grids, never primary.
    Auxiliary,
}

impl Role {
    /// The snake_case name used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Community => "community",
            Self::Auxiliary => "auxiliary",
        }
    }
}

/// A community officer or auxiliary and the grids they cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Officer {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The office the officer works from.
    pub office_id: String,
    /// Grids this officer covers. A community officer is their primary officer.
    pub grid_ids: Vec<String>,
}

/// A road centre line from OpenStreetMap, WGS84.
#[derive(Debug, Clone, PartialEq)]
pub struct Road {
    /// OSM way id.
    pub osm_id: i64,
    /// The `highway` tag (`primary`, `residential`, ...).
    pub highway: String,
    /// The `name` tag.
    pub name: Option<String>,
    /// The `oneway` tag as found (`yes`, `-1`, `no`), or `yes` for roundabouts.
    pub oneway: Option<String>,
    /// The `maxspeed` tag as found.
    pub maxspeed: Option<String>,
    /// The `access` tag as found.
    pub access: Option<String>,
    /// OSM node ids along the way, one per vertex of `line`.
    pub node_ids: Vec<i64>,
    /// Geometry, WGS84.
    pub line: LineString<f64>,
}
