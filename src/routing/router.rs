//! Fast shortest paths for one profile: a contraction hierarchy (`fast_paths`) over the
//! graph's arcs, weighted by travel time in milliseconds.

use std::sync::Mutex;

use fast_paths::{FastGraph, InputGraph, PathCalculator, ShortestPath};

use super::components::largest_component;
use super::graph::{NodeId, RoadGraph};
use super::profile::Profile;
use super::snap::SnapIndex;

/// One profile's prepared graph, snapping index and out-arcs.
pub struct ProfileRouter {
    profile: Profile,
    /// `None` when the profile may use no road at all.
    hierarchy: Option<FastGraph>,
    in_main: Vec<bool>,
    snap: SnapIndex,
    /// Out-arcs of node `n`: `arcs[first_arc[n]..first_arc[n + 1]]`, as (to, edge).
    first_arc: Vec<usize>,
    arcs: Vec<(NodeId, usize)>,
    /// Reusable query state, one per concurrent query.
    calculators: Mutex<Vec<PathCalculator>>,
}

impl std::fmt::Debug for ProfileRouter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileRouter")
            .field("profile", &self.profile)
            .field("arcs", &self.arcs.len())
            .field("main_nodes", &self.main_nodes())
            .finish_non_exhaustive()
    }
}

impl ProfileRouter {
    /// Prepares `graph` for `profile`.
    pub fn new(graph: &RoadGraph, profile: Profile) -> Self {
        let n = graph.nodes.len();
        let mut out: Vec<(NodeId, NodeId, usize)> = graph.arcs(profile).collect();
        out.sort_unstable_by_key(|a| a.0);
        let mut first_arc = vec![0; n + 1];
        for &(from, _, _) in &out {
            first_arc[from as usize + 1] += 1;
        }
        for i in 0..n {
            first_arc[i + 1] += first_arc[i];
        }
        let in_main = largest_component(n, out.iter().map(|a| (a.0, a.1)));
        let hierarchy = (!out.is_empty()).then(|| {
            let mut input = InputGraph::new();
            for &(from, to, e) in &out {
                input.add_edge(
                    from as usize,
                    to as usize,
                    graph.edges[e].weight_ms(profile),
                );
            }
            input.freeze();
            fast_paths::prepare(&input)
        });
        Self {
            profile,
            hierarchy,
            snap: SnapIndex::new(graph, profile, &in_main),
            in_main,
            first_arc,
            arcs: out.into_iter().map(|(_, to, e)| (to, e)).collect(),
            calculators: Mutex::new(Vec::new()),
        }
    }

    /// The profile this router serves.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The snapping index (edges of the main component only).
    pub fn snap_index(&self) -> &SnapIndex {
        &self.snap
    }

    /// Whether `node` lies in the main strongly connected component.
    pub fn in_main(&self, node: NodeId) -> bool {
        self.in_main.get(node as usize).copied().unwrap_or(false)
    }

    /// Number of nodes in the main component.
    pub fn main_nodes(&self) -> usize {
        self.in_main.iter().filter(|&&m| m).count()
    }

    /// Out-arcs of `node` as (to, edge index).
    pub fn out_arcs(&self, node: NodeId) -> &[(NodeId, usize)] {
        let n = node as usize;
        match (self.first_arc.get(n), self.first_arc.get(n + 1)) {
            (Some(&a), Some(&b)) => &self.arcs[a..b],
            _ => &[],
        }
    }

    /// The cheapest edge from `a` straight to `b`, and whether it runs in its own direction.
    pub fn best_arc(&self, graph: &RoadGraph, a: NodeId, b: NodeId) -> Option<(usize, bool)> {
        self.out_arcs(a)
            .iter()
            .filter(|(to, _)| *to == b)
            .min_by_key(|(_, e)| graph.edges[*e].weight_ms(self.profile))
            .map(|&(_, e)| (e, graph.edges[e].from == a))
    }

    /// Shortest path from any source to any target, each with a starting weight (ms).
    pub fn query(
        &self,
        sources: Vec<(NodeId, usize)>,
        targets: Vec<(NodeId, usize)>,
    ) -> Option<ShortestPath> {
        let hierarchy = self.hierarchy.as_ref()?;
        let size = hierarchy.get_num_nodes();
        let keep = |v: Vec<(NodeId, usize)>| -> Vec<(usize, usize)> {
            v.into_iter()
                .map(|(n, w)| (n as usize, w))
                .filter(|&(n, _)| n < size)
                .collect()
        };
        let (sources, targets) = (keep(sources), keep(targets));
        if sources.is_empty() || targets.is_empty() {
            return None;
        }
        let pooled = self
            .calculators
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop();
        let mut calculator = pooled.unwrap_or_else(|| fast_paths::create_calculator(hierarchy));
        let path = calculator.calc_path_multiple_sources_and_targets(hierarchy, sources, targets);
        self.calculators
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(calculator);
        path
    }

    /// Travel time (ms) and nodes of the fastest path between two nodes.
    pub fn node_path(&self, from: NodeId, to: NodeId) -> Option<(usize, Vec<NodeId>)> {
        let path = self.query(vec![(from, 0)], vec![(to, 0)])?;
        // Node ids came from NodeId values, so they fit back.
        let nodes = path.get_nodes().iter().map(|&n| n as NodeId).collect();
        Some((path.get_weight(), nodes))
    }
}
