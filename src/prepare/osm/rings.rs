//! Joining the member ways of a boundary relation into closed rings, by node id.
//!
//! Written by hand because nothing at hand does it: osmpbfreader hands out raw relation
//! members, and geo works on coordinates, not on OSM node ids. Joining by node id rather than
//! by coordinate is exact: two ways meet only where they share a node.
//!
//! Ways already closed are rings by themselves. The others are chained greedily: take a way,
//! then repeatedly append a way that starts or ends at the chain's open end (reversed if
//! needed) until the chain comes back to its first node. The first fitting way wins, so a
//! boundary where three or more ways meet at one node may be chained in a different order
//! than drawn; the rings still close, and [`super::multipolygon`] repairs any pinch.

use osmpbfreader::NodeId;

/// Why a set of ways does not form closed rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RingError {
    /// No remaining way continues the chain at this node.
    #[error("ring cannot be closed: no way continues at node {node}")]
    Open {
        /// The OSM id of the open end.
        node: i64,
    },
    /// A closed ring has fewer than three distinct nodes.
    #[error("ring through node {node} has fewer than 3 nodes")]
    Degenerate {
        /// The OSM id of the ring's first node.
        node: i64,
    },
}

/// Joins ways (node ids, first to last) into closed rings, each ending on its first node.
///
/// Ways of fewer than two nodes are ignored. Every way is used exactly once.
///
/// # Errors
///
/// [`RingError::Open`] when some chain cannot be closed with the given ways, and
/// [`RingError::Degenerate`] when a ring has fewer than three distinct nodes.
pub(crate) fn assemble(ways: Vec<Vec<NodeId>>) -> Result<Vec<Vec<NodeId>>, RingError> {
    let (closed, mut open): (Vec<_>, Vec<_>) = ways
        .into_iter()
        .filter(|way| way.len() >= 2)
        .partition(|way| open_end(way).is_none());

    let mut rings = closed;
    while let Some(start) = open.pop() {
        rings.push(close(start, &mut open)?);
    }

    rings.into_iter().map(check_size).collect()
}

/// Extends `chain` with ways from `pool` until it closes.
fn close(mut chain: Vec<NodeId>, pool: &mut Vec<Vec<NodeId>>) -> Result<Vec<NodeId>, RingError> {
    while let Some(end) = open_end(&chain) {
        let next = take_touching(pool, end).ok_or(RingError::Open { node: end.0 })?;
        chain.extend(next.into_iter().skip(1));
    }
    Ok(chain)
}

/// The last node of a chain that does not end where it starts.
fn open_end(chain: &[NodeId]) -> Option<NodeId> {
    match (chain.first(), chain.last()) {
        (Some(first), Some(last)) if first != last => Some(*last),
        _ => None,
    }
}

/// Removes a way that starts or ends at `node` from `pool`, turned to start there.
fn take_touching(pool: &mut Vec<Vec<NodeId>>, node: NodeId) -> Option<Vec<NodeId>> {
    let touches = |way: &Vec<NodeId>| way.first() == Some(&node) || way.last() == Some(&node);
    let index = pool.iter().position(touches)?;

    let mut way = pool.swap_remove(index);
    if way.first() != Some(&node) {
        way.reverse();
    }
    Some(way)
}

/// Accepts a closed ring of at least three distinct nodes (four with the closing one).
fn check_size(ring: Vec<NodeId>) -> Result<Vec<NodeId>, RingError> {
    match ring.first() {
        Some(first) if ring.len() < 4 => Err(RingError::Degenerate { node: first.0 }),
        _ => Ok(ring),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn way(ids: &[i64]) -> Vec<NodeId> {
        ids.iter().map(|&id| NodeId(id)).collect()
    }

    fn ids(ring: &[NodeId]) -> Vec<i64> {
        ring.iter().map(|id| id.0).collect()
    }

    #[test]
    fn closed_way_is_a_ring() {
        let rings = assemble(vec![way(&[1, 2, 3, 1])]).expect("closed");
        assert_eq!(
            rings.iter().map(|r| ids(r)).collect::<Vec<_>>(),
            vec![vec![1, 2, 3, 1]]
        );
    }

    #[test]
    fn joins_ways_in_either_direction() {
        let ways = vec![way(&[1, 2, 3]), way(&[5, 4, 3]), way(&[5, 6, 1])];
        let rings = assemble(ways).expect("closable");

        assert_eq!(rings.len(), 1);
        let ring = ids(&rings[0]);
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring.len(), 7);
        let mut distinct = ring[1..].to_vec();
        distinct.sort_unstable();
        assert_eq!(distinct, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn two_separate_rings() {
        let ways = vec![way(&[1, 2, 3]), way(&[3, 4, 1]), way(&[10, 11, 12, 10])];
        assert_eq!(assemble(ways).expect("closable").len(), 2);
    }

    #[test]
    fn gap_is_an_open_ring() {
        let ways = vec![way(&[1, 2, 3]), way(&[4, 5, 1])];
        assert!(matches!(assemble(ways), Err(RingError::Open { .. })));
    }

    #[test]
    fn two_node_loop_is_degenerate() {
        let ways = vec![way(&[1, 2]), way(&[2, 1])];
        assert!(matches!(assemble(ways), Err(RingError::Degenerate { .. })));
    }

    #[test]
    fn no_ways_no_rings() {
        assert_eq!(assemble(Vec::new()), Ok(Vec::new()));
    }
}
