//! The properties of each layer's features, as stored in files and served by the API.

use serde::{Deserialize, Serialize};

use crate::model::VillageKind;

/// Properties of a jurisdiction feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JurisdictionProps {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// Properties of a station feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StationProps {
    /// Name.
    pub name: String,
    /// Containing jurisdiction.
    pub jurisdiction_id: Option<String>,
}

/// Properties of an office feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OfficeProps {
    /// Name.
    pub name: String,
    /// Station running the office.
    pub station_id: String,
}

/// Properties of a workstation feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkstationProps {
    /// Name.
    pub name: String,
    /// Office the workstation reports to.
    pub office_id: String,
}

/// Properties of a village feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VillageProps {
    /// Administrative code.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Settlement kind.
    pub kind: VillageKind,
    /// Population where known.
    pub population: Option<u64>,
    /// Containing jurisdiction.
    pub jurisdiction_id: String,
}

/// Properties of a grid feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GridProps {
    /// Grid code.
    pub code: String,
    /// Village served.
    pub village_id: Option<String>,
    /// Jurisdiction the grid lies in.
    pub jurisdiction_id: String,
}

/// Properties of a road feature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoadProps {
    /// OSM way id.
    pub osm_id: i64,
    /// `highway` tag.
    pub highway: String,
    /// `name` tag.
    pub name: Option<String>,
    /// `oneway` tag (or `yes` for roundabouts).
    pub oneway: Option<String>,
    /// `maxspeed` tag.
    pub maxspeed: Option<String>,
    /// `access` tag.
    pub access: Option<String>,
    /// OSM node ids along the way.
    pub node_ids: Vec<i64>,
}
