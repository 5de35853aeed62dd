//! Building the shipped data sets in `geodata/` from the raw files in `shared/data`.
//!
//! Each source reader turns raw files into [`Sources`]: jurisdictions, stations and villages,
//! all in WGS84. [`build`] then derives the grids (village catchments, see [`grids`]) and the
//! generated offices, workstations and officers (see [`synth`]), and checks the result.

pub mod andorra;
mod error;
pub mod grids;
pub mod henan;
mod osm;
pub mod province;
pub mod replicate;
pub mod sets;
pub mod synth;

pub use error::PrepareError;

pub use crate::model::Road;
use crate::model::{Dataset, DatasetMeta, Jurisdiction, Layers, Station, Village};

/// What a raw source gives: real records only, nothing generated.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Jurisdiction polygons.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Police stations.
    pub stations: Vec<Station>,
    /// Settlements, each inside one of the jurisdictions.
    pub villages: Vec<Village>,
    /// Road centre lines, kept for routing.
    pub roads: Vec<Road>,
}

/// A prepared data set: the checked records plus the roads.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The data set.
    pub dataset: Dataset,
    /// Road centre lines (may be empty).
    pub roads: Vec<Road>,
}

/// Derives grids and generated staff from real sources and checks the result.
///
/// # Errors
///
/// When grid derivation fails or the assembled records break a model rule.
pub fn build(meta: DatasetMeta, sources: Sources) -> Result<Prepared, PrepareError> {
    let grids = grids::derive(&sources.jurisdictions, &sources.villages)?;
    let staff = synth::generate(&meta, &sources, &grids);
    let layers = Layers {
        jurisdictions: sources.jurisdictions,
        stations: sources.stations,
        offices: staff.offices,
        workstations: staff.workstations,
        villages: sources.villages,
        grids,
        officers: staff.officers,
    };
    let dataset = Dataset::new(meta, layers)?;
    Ok(Prepared {
        dataset,
        roads: sources.roads,
    })
}
