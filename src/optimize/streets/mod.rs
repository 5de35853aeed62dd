//! Street patrols (arc routing): a closed drive over every edge of a road graph at least once,
//! repeating as little length as possible — the Chinese postman problem (Kwan Mei-Ko, 1962).
//!
//! - Two-way streets only: the odd-degree nodes are paired by a minimum-weight perfect
//!   matching of their shortest-path distances (Edmonds & Johnson, 1973), and the paths of the
//!   pairs are driven twice. Exact up to 20 odd nodes; above, a matching heuristic whose lower
//!   bound is reported.
//! - One-way streets only: the drive repeats the cheapest flow that balances each node's
//!   in- and out-degree; always optimal.
//! - Both (the mixed problem is NP-hard): two-way streets are first given directions that
//!   leave each node at most one out of balance, then balanced as above with two-way streets
//!   usable both ways; the lower bound is the answer with every street two-way.
//!
//! A graph in several pieces is refused with [`StreetError::Disconnected`]; split it with
//! [`RoadGraph::components`] and plan each piece.

mod euler;
mod flow;
pub mod graph;
mod matching;
mod paths;
mod postman;

pub use graph::{RoadEdge, RoadGraph};
pub use postman::{StreetPatrol, Traversal, patrol_streets};

/// Why no street patrol was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StreetError {
    /// The graph has no edge.
    #[error("the road graph has no edge to patrol")]
    NoEdges,
    /// An edge names a node that does not exist.
    #[error("edge {edge} names node {node}, but the graph has {nodes} nodes")]
    NodeOutOfRange {
        /// The edge's id.
        edge: u64,
        /// The node named.
        node: usize,
        /// Number of nodes.
        nodes: usize,
    },
    /// A negative or non-finite length.
    #[error("edge {edge} has length {length}; lengths must be finite and non-negative")]
    BadLength {
        /// The edge's id.
        edge: u64,
        /// Its length.
        length: f64,
    },
    /// The edges form several pieces that no drive can join.
    #[error("the road graph is in {pieces} separate pieces; patrol each piece on its own")]
    Disconnected {
        /// How many.
        pieces: usize,
    },
    /// One-way streets make some edge impossible to reach or to leave and come back.
    #[error("one-way streets trap the drive: some edge cannot be reached or left")]
    OnewayTrap,
}
