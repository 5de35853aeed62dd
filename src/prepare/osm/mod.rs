//! Reading OpenStreetMap PBF extracts: the pieces every OSM-based data set shares.
//!
//! - [`pbf`]: loading the wanted objects of a file together with everything they reference.
//! - [`rings`] and [`multipolygon`]: turning a boundary relation's member ways into a valid
//!   `MultiPolygon`, assembled by hand (see those modules for why).
//! - [`boundary`]: the two steps above for one relation.
//! - [`tags`], [`roads`] and [`police`]: what the tags of an object mean for gridbeat.
//!
//! Every coordinate is WGS84 (EPSG:4326), axis order (lon, lat), in degrees, as stored in
//! OSM. Nothing here logs: readers such as [`super::andorra`] decide what a skipped object
//! is worth.

pub(crate) mod boundary;
pub(crate) mod multipolygon;
pub(crate) mod pbf;
pub(crate) mod police;
pub(crate) mod rings;
pub(crate) mod roads;
pub(crate) mod tags;
