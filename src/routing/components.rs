//! The largest strongly connected component of a profile's graph: the part where every node
//! reaches every other. Stops snap only to it, so any two snapped stops have a route.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use super::graph::NodeId;

/// Per node: whether it lies in the largest strongly connected component of the graph with
/// `node_count` nodes and these directed arcs. Nodes no arc touches are never in it.
pub fn largest_component(
    node_count: usize,
    arcs: impl Iterator<Item = (NodeId, NodeId)>,
) -> Vec<bool> {
    let mut graph: DiGraph<(), (), NodeId> = DiGraph::with_capacity(node_count, 0);
    for _ in 0..node_count {
        graph.add_node(());
    }
    let mut touched = vec![false; node_count];
    for (a, b) in arcs {
        graph.add_edge(a.into(), b.into(), ());
        touched[a as usize] = true;
        touched[b as usize] = true;
    }
    // kosaraju_scc walks the graph with explicit stacks, so long roads cannot overflow ours.
    let components = kosaraju_scc(&graph);
    let mut member = vec![false; node_count];
    if let Some(largest) = components.iter().max_by_key(|c| c.len()) {
        for node in largest {
            member[node.index()] = touched[node.index()];
        }
    }
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_way_dead_end_is_not_in_the_component() {
        // 0 <-> 1 <-> 2 is strongly connected; 2 -> 3 only leads out; 4 is alone.
        let arcs = [(0, 1), (1, 0), (1, 2), (2, 1), (2, 3)];
        let member = largest_component(5, arcs.into_iter());
        assert_eq!(member, vec![true, true, true, false, false]);
    }
}
