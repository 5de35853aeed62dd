//! The area of a boundary relation, from its `outer` and `inner` way members.

use geo::{LineString, MultiPolygon};
use osmpbfreader::{NodeId, OsmId, Relation};

use super::multipolygon::{self, ShapeError};
use super::pbf::{MissingNode, OsmData};
use super::rings::{self, RingError};

/// Why a boundary relation has no usable area.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum BoundaryError {
    /// A member way is not in the file (the extract cut it off).
    #[error("member way {way} is not in the file")]
    MissingWay {
        /// The OSM way id.
        way: i64,
    },
    /// A node of a member way is not in the file.
    #[error(transparent)]
    MissingNode(#[from] MissingNode),
    /// The member ways do not close into rings.
    #[error(transparent)]
    Ring(#[from] RingError),
    /// The rings do not make a valid area.
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// The area a boundary (or multipolygon) relation encloses, (lon, lat) degrees, WGS84.
///
/// Only way members with role `outer` or `inner` count; other members (the `admin_centre`
/// node, `subarea` relations, `label` nodes) and members with an empty role are ignored.
/// Outer and inner ways are joined into rings separately. The area is valid and oriented
/// as [`multipolygon::build`] makes it.
///
/// # Errors
///
/// When a member way or one of its nodes is missing from the file, the ways do not close,
/// or the rings make no valid area. Nothing is guessed: a partial relation is an error.
pub(crate) fn area(
    relation: &Relation,
    data: &OsmData,
) -> Result<MultiPolygon<f64>, BoundaryError> {
    let outers = rings_of(relation, "outer", data)?;
    let inners = rings_of(relation, "inner", data)?;
    Ok(multipolygon::build(outers, inners)?)
}

/// The closed rings the member ways of one role make.
fn rings_of(
    relation: &Relation,
    role: &str,
    data: &OsmData,
) -> Result<Vec<LineString<f64>>, BoundaryError> {
    let ways = member_ways(relation, role, data)?;
    let rings = rings::assemble(ways)?;
    Ok(rings
        .iter()
        .map(|ring| data.line(ring))
        .collect::<Result<_, _>>()?)
}

/// The node ids of every way member with this role.
fn member_ways(
    relation: &Relation,
    role: &str,
    data: &OsmData,
) -> Result<Vec<Vec<NodeId>>, BoundaryError> {
    let ids = relation.refs.iter().filter(|member| member.role == role);
    let ways = ids.filter_map(|member| match member.member {
        OsmId::Way(id) => Some(data.way(id).ok_or(BoundaryError::MissingWay { way: id.0 })),
        _ => None,
    });
    ways.map(|way| way.map(|way| way.nodes.clone())).collect()
}
