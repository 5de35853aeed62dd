//! Where a police object is: a node's location or a closed way's interior point.

use geo::{InteriorPoint, Point, Polygon};
use osmpbfreader::OsmObj;

use super::pbf::{MissingNode, OsmData};

/// Why a police object has no location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PoliceError {
    /// A node of the way is not in the file.
    #[error(transparent)]
    MissingNode(#[from] MissingNode),
    /// The way is open, so it outlines no building or compound.
    #[error("way is not closed")]
    OpenWay,
    /// The way's outline has no vertices.
    #[error("way outlines nothing")]
    Empty,
    /// Relations (multipolygon compounds) are not read.
    #[error("relations are not read")]
    Relation,
}

/// The location of a police node, or a point inside a closed police way, (lon, lat) degrees,
/// WGS84.
///
/// A closed way gives geo's interior point of its outline: unlike the centroid it lies
/// inside even an L-shaped building. A self-intersecting outline still yields some point on
/// or near it.
///
/// # Errors
///
/// When the way is open, a node is missing from the file, or the object is a relation.
pub(crate) fn point(obj: &OsmObj, data: &OsmData) -> Result<Point<f64>, PoliceError> {
    match obj {
        OsmObj::Node(node) => Ok(Point::new(node.lon(), node.lat())),
        OsmObj::Way(way) if way.is_closed() => {
            let outline = Polygon::new(data.line(&way.nodes)?, Vec::new());
            outline.interior_point().ok_or(PoliceError::Empty)
        }
        OsmObj::Way(_) => Err(PoliceError::OpenWay),
        OsmObj::Relation(_) => Err(PoliceError::Relation),
    }
}
