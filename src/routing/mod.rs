//! Road network routing: a graph of OSM roads, per-profile rules, snapping and fast
//! shortest paths. Pure domain code: no HTTP, no async, no database.
//!
//! - [`source`]: road ways from a data set's prepared roads or an OSM PBF extract.
//! - [`profile`]: `car` and `foot`: which ways, which directions, what speed.
//! - [`graph`]: junctions and the edges between them, with their lines.
//! - [`components`]: the largest strongly connected component per profile; stops snap only
//!   to it, so every pair of snapped stops has a route.
//! - [`snap`]: the nearest road segment (R-tree), the point on it and the distance to it.
//! - [`router`]: contraction hierarchies (`fast_paths`) per profile.
//! - [`route`]: a route between snapped points, splitting their edges (virtual nodes).
//! - [`isochrone`]: service areas: what is reachable within a travel time, as a polygon.
//! - [`network`]: all of it together, built once per data set.
//!
//! Coordinates are (lon, lat) degrees, WGS84; distances metres; durations seconds.

pub mod components;
pub mod graph;
pub mod isochrone;
pub mod network;
pub mod profile;
pub mod route;
pub mod router;
pub mod snap;
pub mod source;

use std::path::PathBuf;

pub use graph::RoadGraph;
pub use isochrone::ServiceArea;
pub use network::{DEFAULT_MAX_SNAP_M, RoadNetwork};
pub use profile::Profile;
pub use route::Route;
pub use snap::Snap;
pub use source::RoadWay;

/// Credit for the road data, which is OpenStreetMap's in every source gridbeat reads.
pub const OSM_ATTRIBUTION: &str = "Roads © OpenStreetMap contributors, ODbL 1.0";

/// Why a road network could not be built or a route found.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum RoutingError {
    /// A road file could not be read.
    #[error("{}: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The source holds no road any profile may use.
    #[error("the data holds no routable road")]
    NoRoads,
    /// A point is too far from every road of the profile's main network.
    #[error(
        "({}, {}) is {} from the nearest {profile} road; stops must lie within {limit_m:.0} m \
         of one",
        point[0],
        point[1],
        nearest_m.map_or("far".to_owned(), |m| format!("{m:.0} m"))
    )]
    NotNearRoad {
        /// The point (lon, lat).
        point: [f64; 2],
        /// The profile.
        profile: Profile,
        /// Distance to the nearest road, if there is one.
        nearest_m: Option<f64>,
        /// The limit.
        limit_m: f64,
    },
    /// No route joins the two points.
    #[error("no {profile} route from ({}, {}) to ({}, {})", from[0], from[1], to[0], to[1])]
    Unreachable {
        /// Start (lon, lat).
        from: [f64; 2],
        /// End (lon, lat).
        to: [f64; 2],
        /// The profile.
        profile: Profile,
    },
}
