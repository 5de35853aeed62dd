//! gridbeat: the spatial core of grid-based community policing.
//!
//! Every village or urban grid cell has one named community police officer. gridbeat holds
//! the map of who answers for which place — jurisdictions, stations, offices, workstations,
//! villages, grids and officers — in memory behind R-trees, and answers "who is responsible
//! here" for a point, serves every layer through OGC API – Features, and shows it on a web map.
//!
//! - [`auth`]: bearer tokens, roles and jurisdiction limits.
//! - [`atlas`]: a data set with its index, what every query reads.
//! - [`bulk`]: CSV in, CSV with the responsible records out.
//! - [`model`]: the domain types and the checked [`model::Dataset`].
//! - [`crs`]: WGS84, GCJ-02, BD-09 and Web Mercator conversions.
//! - [`edit`]: edits to a data set and the rules they must keep.
//! - [`geodata`]: reading and writing a prepared data set folder.
//! - [`prepare`]: building data sets from raw OSM and Henan files, grids included.
//! - [`store`]: the data set in SQLite or PostGIS, the system of record.
//! - [`index`]: R-trees and fast point-in-polygon, the read path of every query.
//! - [`lookup`]: who is responsible at a point.
//! - [`optimize`]: visiting order, patrol plans and street patrols over cost matrices.
//! - [`patrols`]: patrol plans and street patrols on the road network, for HTTP and CLI.
//! - [`gaps`]: coverage gaps — unassigned places, distance, partition, workload.
//! - [`siting`]: where to add offices so villages are within reach.
//! - [`features`]: layers as GeoJSON features for OGC API – Features.
//! - [`tiles`]: vector tiles (MVT) cut from the atlas, with a bounded cache.
//! - [`routing`]: the road graph, snapping and fast shortest paths; [`export`]: GPX, KML,
//!   GeoJSON and CSV files of routes.
//! - [`http`]: the axum application.
//!
//! Coordinates are (lon, lat) in degrees, WGS84, unless a name says otherwise.

pub mod atlas;
pub mod auth;
pub mod bulk;
pub mod crs;
pub mod edit;
pub mod export;
pub mod features;
pub mod gaps;
pub mod geodata;
pub mod http;
pub mod index;
pub mod lookup;
pub mod model;
pub mod optimize;
pub mod patrols;
pub mod prepare;
pub mod routing;
pub mod siting;
/// The system of record: a data set in SQLite or PostgreSQL + PostGIS, through sqlx.
pub mod store;
pub mod tiles;
