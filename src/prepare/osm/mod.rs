//! Reading OpenStreetMap PBF extracts: the pieces every OSM-based data set shares.
//!
//! - [`rings`] and [`multipolygon`]: turning a boundary relation's member ways into a valid
//!   `MultiPolygon`, assembled by hand (see those modules for why).
//!
//! Every coordinate is WGS84 (EPSG:4326), axis order (lon, lat), in degrees, as stored in
//! OSM.

pub(crate) mod multipolygon;
pub(crate) mod rings;
