//! Reading and writing a prepared data set folder (`geodata/<name>/`).
//!
//! A folder holds `dataset.json` (name, title, attribution, sources, seed) and one GeoJSON
//! FeatureCollection per layer — `jurisdictions`, `stations`, `offices`, `workstations`,
//! `villages`, `grids` and, where the source has them, `roads` — plus `officers.json`. All
//! geometry is WGS84 (lon, lat). Each feature's `id` is the record id; its properties are the
//! record's other fields, with the layer-specific names of [`records`].

mod error;
mod read;
pub mod records;
mod write;

pub use error::GeodataError;
pub use read::{read_dataset, read_meta, read_roads};
pub use write::write_prepared;

/// File names of a data set folder.
pub mod files {
    /// Provenance and generation settings.
    pub const META: &str = "dataset.json";
    /// Jurisdictions.
    pub const JURISDICTIONS: &str = "jurisdictions.geojson";
    /// Stations.
    pub const STATIONS: &str = "stations.geojson";
    /// Offices.
    pub const OFFICES: &str = "offices.geojson";
    /// Workstations.
    pub const WORKSTATIONS: &str = "workstations.geojson";
    /// Villages.
    pub const VILLAGES: &str = "villages.geojson";
    /// Grids.
    pub const GRIDS: &str = "grids.geojson";
    /// Officers and their grids.
    pub const OFFICERS: &str = "officers.json";
    /// Road centre lines (optional).
    pub const ROADS: &str = "roads.geojson";
}
