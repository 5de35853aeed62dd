//! Road centre lines from routable `highway` ways.

use osmpbfreader::Way;

use super::pbf::{MissingNode, OsmData};
use super::tags;
use crate::prepare::Road;

/// Why a routable way gives no road.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RoadError {
    /// A node of the way is not in the file.
    #[error(transparent)]
    MissingNode(#[from] MissingNode),
    /// The way has fewer than two nodes.
    #[error("way has fewer than 2 nodes")]
    TooShort,
}

/// Whether a way is a road a patrol can travel along (see [`tags::is_routable`]).
pub(crate) fn is_road(way: &Way) -> bool {
    tags::value(&way.tags, "highway").is_some_and(tags::is_routable)
}

/// The road a routable way stands for: its tags and its line, (lon, lat) degrees, WGS84.
///
/// Call it on ways [`is_road`] accepts; on others `highway` is still copied as found.
///
/// # Errors
///
/// When a node of the way is missing from the file or the way has fewer than two nodes.
pub(crate) fn road(way: &Way, data: &OsmData) -> Result<Road, RoadError> {
    if way.nodes.len() < 2 {
        return Err(RoadError::TooShort);
    }
    let line = data.line(&way.nodes)?;

    Ok(Road {
        osm_id: way.id.0,
        highway: tags::owned(&way.tags, "highway").unwrap_or_default(),
        name: tags::owned(&way.tags, "name"),
        oneway: tags::oneway(&way.tags),
        maxspeed: tags::owned(&way.tags, "maxspeed"),
        access: tags::owned(&way.tags, "access"),
        node_ids: way.nodes.iter().map(|id| id.0).collect(),
        line,
    })
}
