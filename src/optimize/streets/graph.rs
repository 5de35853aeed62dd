//! The road graph a street patrol covers: numbered nodes and edges with a length, a one-way
//! flag and the caller's id, so road segments of any source can be fed in.

use super::StreetError;

/// One road segment between two nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoadEdge {
    /// The caller's id, returned in the patrol.
    pub id: u64,
    /// Node it starts at (a one-way edge may only be driven from here).
    pub from: usize,
    /// Node it ends at.
    pub to: usize,
    /// Length (or driving time) of the segment; finite and non-negative.
    pub length: f64,
    /// Whether it may only be driven from `from` to `to`.
    pub oneway: bool,
}

/// Nodes `0..nodes` and the edges between them. Parallel edges and loops are allowed; nodes
/// without edges are ignored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoadGraph {
    /// Number of nodes.
    pub nodes: usize,
    /// The segments to cover.
    pub edges: Vec<RoadEdge>,
}

impl RoadGraph {
    /// Checks node indices and lengths.
    ///
    /// # Errors
    ///
    /// [`StreetError::NoEdges`], [`StreetError::NodeOutOfRange`] or
    /// [`StreetError::BadLength`] for the first edge at fault.
    pub fn check(&self) -> Result<(), StreetError> {
        if self.edges.is_empty() {
            return Err(StreetError::NoEdges);
        }
        for e in &self.edges {
            if let Some(node) = [e.from, e.to].into_iter().find(|&v| v >= self.nodes) {
                return Err(StreetError::NodeOutOfRange {
                    edge: e.id,
                    node,
                    nodes: self.nodes,
                });
            }
            if !(e.length.is_finite() && e.length >= 0.0) {
                return Err(StreetError::BadLength {
                    edge: e.id,
                    length: e.length,
                });
            }
        }
        Ok(())
    }

    /// The connected pieces of the graph (directions ignored), each with the edges of one
    /// piece and the same node numbering, largest total length first. Solve each with
    /// [`patrol_streets`](super::patrol_streets) when a graph is not in one piece.
    pub fn components(&self) -> Vec<RoadGraph> {
        let label = self.component_labels();
        let mut pieces: Vec<RoadGraph> = Vec::new();
        let mut slot = vec![usize::MAX; self.nodes];
        for e in &self.edges {
            let l = label[e.from];
            if slot[l] == usize::MAX {
                slot[l] = pieces.len();
                pieces.push(RoadGraph {
                    nodes: self.nodes,
                    edges: Vec::new(),
                });
            }
            pieces[slot[l]].edges.push(*e);
        }
        let total = |g: &RoadGraph| g.edges.iter().map(|e| e.length).sum::<f64>();
        pieces.sort_by(|a, b| total(b).total_cmp(&total(a)));
        pieces
    }

    /// For every node, the smallest node index of its piece (union–find, directions ignored).
    fn component_labels(&self) -> Vec<usize> {
        fn root(parent: &mut [usize], mut v: usize) -> usize {
            while parent[v] != v {
                parent[v] = parent[parent[v]];
                v = parent[v];
            }
            v
        }
        let mut parent: Vec<usize> = (0..self.nodes).collect();
        for e in &self.edges {
            let (a, b) = (root(&mut parent, e.from), root(&mut parent, e.to));
            parent[a.max(b)] = a.min(b);
        }
        (0..self.nodes).map(|v| root(&mut parent, v)).collect()
    }

    /// Number of pieces that hold at least one edge.
    pub(crate) fn piece_count(&self) -> usize {
        let label = self.component_labels();
        let mut roots: Vec<usize> = self.edges.iter().map(|e| label[e.from]).collect();
        roots.sort_unstable();
        roots.dedup();
        roots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(id: u64, from: usize, to: usize, length: f64) -> RoadEdge {
        RoadEdge {
            id,
            from,
            to,
            length,
            oneway: false,
        }
    }

    #[test]
    fn splits_into_pieces_longest_first() {
        let g = RoadGraph {
            nodes: 6,
            edges: vec![
                edge(1, 0, 1, 1.0),
                edge(2, 3, 4, 5.0),
                edge(3, 1, 2, 1.0),
                edge(4, 4, 5, 1.0),
            ],
        };
        assert_eq!(g.piece_count(), 2);
        let pieces = g.components();
        let ids: Vec<Vec<u64>> = pieces
            .iter()
            .map(|p| p.edges.iter().map(|e| e.id).collect())
            .collect();
        assert_eq!(ids, vec![vec![2, 4], vec![1, 3]]);
    }

    #[test]
    fn check_names_the_bad_edge() {
        let g = RoadGraph {
            nodes: 2,
            edges: vec![edge(7, 0, 2, 1.0)],
        };
        assert_eq!(
            g.check(),
            Err(StreetError::NodeOutOfRange {
                edge: 7,
                node: 2,
                nodes: 2
            })
        );
        let g = RoadGraph {
            nodes: 2,
            edges: vec![edge(8, 0, 1, -1.0)],
        };
        assert_eq!(
            g.check(),
            Err(StreetError::BadLength {
                edge: 8,
                length: -1.0
            })
        );
        assert_eq!(RoadGraph::default().check(), Err(StreetError::NoEdges));
    }
}
