//! The street patrol itself: which edges to repeat, then one closed drive over all of them.

use super::StreetError;
use super::euler::{Link, circuit};
use super::flow::{Arc, min_cost_flow};
use super::graph::{RoadEdge, RoadGraph};
use super::matching::min_matching;
use super::paths::{incidence, tree};

/// One edge driven once, in the order of the patrol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traversal {
    /// The edge's id.
    pub edge: u64,
    /// Whether it is driven from its `from` node to its `to` node.
    pub forward: bool,
    /// Whether this drive repeats an edge already covered (deadheading).
    pub repeat: bool,
}

/// A closed drive over every edge.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetPatrol {
    /// Node the drive begins and ends at (the `from` node of the first edge given).
    pub start: usize,
    /// The edges in driving order; every edge appears at least once with `repeat` false.
    pub traversals: Vec<Traversal>,
    /// Length of the whole drive.
    pub length: f64,
    /// Length of the edges themselves, each counted once.
    pub required: f64,
    /// Length driven a second (or further) time: `length - required`.
    pub repeated: f64,
    /// `repeated / length`, 0 when nothing is repeated.
    pub repeated_share: f64,
    /// No drive over every edge is shorter than this.
    pub lower_bound: f64,
    /// Whether `length` is proven minimal (it equals `lower_bound`).
    pub optimal: bool,
}

/// The shortest closed drive over every edge of `graph` this solver finds.
///
/// # Errors
///
/// The errors of [`RoadGraph::check`], [`StreetError::Disconnected`] for a graph in several
/// pieces, and [`StreetError::OnewayTrap`] when one-way streets make a closed drive impossible.
///
/// # Examples
///
/// ```
/// use gridbeat::optimize::streets::{RoadEdge, RoadGraph, patrol_streets};
///
/// // A path of two 100 m streets: driven there and back.
/// let edge = |id, from, to| RoadEdge { id, from, to, length: 100.0, oneway: false };
/// let graph = RoadGraph { nodes: 3, edges: vec![edge(1, 0, 1), edge(2, 1, 2)] };
/// let patrol = patrol_streets(&graph)?;
/// assert_eq!((patrol.length, patrol.repeated_share), (400.0, 0.5));
/// # Ok::<(), gridbeat::optimize::streets::StreetError>(())
/// ```
pub fn patrol_streets(graph: &RoadGraph) -> Result<StreetPatrol, StreetError> {
    graph.check()?;
    let pieces = graph.piece_count();
    if pieces > 1 {
        return Err(StreetError::Disconnected { pieces });
    }
    let ((links, owners), lower_bound) = if graph.edges.iter().all(|e| !e.oneway) {
        let (links, bound) = undirected_links(graph);
        (links, Some(bound))
    } else if graph.edges.iter().all(|e| e.oneway) {
        (directed_links(graph)?, None)
    } else {
        // Any drive that keeps the one-way rules is also a drive of the all-two-way graph.
        let relaxed = RoadGraph {
            nodes: graph.nodes,
            edges: graph
                .edges
                .iter()
                .map(|e| RoadEdge {
                    oneway: false,
                    ..*e
                })
                .collect(),
        };
        (directed_links(graph)?, Some(undirected_links(&relaxed).1))
    };
    let start = graph.edges[0].from;
    let walk = circuit(graph.nodes, &links, start)
        .expect("balanced links over a connected graph always form one closed walk");
    Ok(summarise(graph, start, &links, &owners, &walk, lower_bound))
}

/// Which edge a link drives, and whether it is a repeat.
type Owner = (usize, bool);

/// Links for the two-way case and a lower bound on the drive's length.
fn undirected_links(graph: &RoadGraph) -> ((Vec<Link>, Vec<Owner>), f64) {
    let mut degree = vec![0usize; graph.nodes];
    for e in &graph.edges {
        degree[e.from] += 1;
        degree[e.to] += 1;
    }
    let odd: Vec<usize> = (0..graph.nodes).filter(|&v| degree[v] % 2 == 1).collect();
    let touching = incidence(graph);
    let trees: Vec<_> = odd.iter().map(|&v| tree(graph, &touching, v)).collect();
    let matching = min_matching(odd.len(), &|i, j| trees[i].dist[odd[j]]);

    let mut links = Vec::new();
    let mut owners = Vec::new();
    for (k, e) in graph.edges.iter().enumerate() {
        links.push(Link {
            a: e.from,
            b: e.to,
            directed: false,
        });
        owners.push((k, false));
    }
    for &(i, j) in &matching.pairs {
        for k in trees[i].path_to(graph, odd[j]) {
            let e = &graph.edges[k];
            links.push(Link {
                a: e.from,
                b: e.to,
                directed: false,
            });
            owners.push((k, true));
        }
    }
    let required: f64 = graph.edges.iter().map(|e| e.length).sum();
    ((links, owners), required + matching.lower_bound)
}

/// Links for graphs with one-way streets: two-way streets get a direction, then the cheapest
/// flow over the streets (two-way ones both ways) balances every node.
fn directed_links(graph: &RoadGraph) -> Result<(Vec<Link>, Vec<Owner>), StreetError> {
    let direction = orient_two_way(graph);
    let mut balance = vec![0i64; graph.nodes];
    let mut links = Vec::new();
    let mut owners = Vec::new();
    let mut arcs = Vec::new();
    let mut arc_edge = Vec::new();
    for (k, e) in graph.edges.iter().enumerate() {
        let (a, b) = if direction[k] {
            (e.from, e.to)
        } else {
            (e.to, e.from)
        };
        balance[b] += 1;
        balance[a] -= 1;
        links.push(Link {
            a,
            b,
            directed: true,
        });
        owners.push((k, false));
        arcs.push(Arc {
            from: a,
            to: b,
            cost: e.length,
        });
        arc_edge.push(k);
        if !e.oneway {
            arcs.push(Arc {
                from: b,
                to: a,
                cost: e.length,
            });
            arc_edge.push(k);
        }
    }
    // A node entered more often than left must be left by extra drives: it supplies flow.
    let flow = min_cost_flow(graph.nodes, &arcs, &balance).ok_or(StreetError::OnewayTrap)?;
    for (k, &units) in flow.iter().enumerate() {
        for _ in 0..units {
            links.push(Link {
                a: arcs[k].from,
                b: arcs[k].to,
                directed: true,
            });
            owners.push((arc_edge[k], true));
        }
    }
    // Balanced but not strongly connected: some one-way edge cannot be got back from.
    if circuit(graph.nodes, &links, graph.edges[0].from).is_none() {
        return Err(StreetError::OnewayTrap);
    }
    Ok((links, owners))
}

/// For every edge, whether it is driven from `from` to `to`. One-way edges keep their way;
/// two-way edges follow closed walks of the two-way streets (odd nodes paired by made-up links),
/// so they leave each node at most one drive out of balance.
fn orient_two_way(graph: &RoadGraph) -> Vec<bool> {
    let mut forward = vec![true; graph.edges.len()];
    let index: Vec<usize> = (0..graph.edges.len())
        .filter(|&k| !graph.edges[k].oneway)
        .collect();
    // The two-way streets alone, each with its position in `index` as id.
    let tagged = RoadGraph {
        nodes: graph.nodes,
        edges: index
            .iter()
            .enumerate()
            .map(|(p, &k)| RoadEdge {
                id: p as u64,
                ..graph.edges[k]
            })
            .collect(),
    };
    let mut degree = vec![0usize; graph.nodes];
    for e in &tagged.edges {
        degree[e.from] += 1;
        degree[e.to] += 1;
    }
    for piece in tagged.components() {
        let mut links: Vec<Link> = piece
            .edges
            .iter()
            .map(|e| Link {
                a: e.from,
                b: e.to,
                directed: false,
            })
            .collect();
        let mut odd = Vec::new();
        for e in &piece.edges {
            for v in [e.from, e.to] {
                if degree[v] % 2 == 1 && !odd.contains(&v) {
                    odd.push(v);
                }
            }
        }
        for pair in odd.chunks(2) {
            if let [a, b] = pair {
                links.push(Link {
                    a: *a,
                    b: *b,
                    directed: false,
                });
            }
        }
        let Some(walk) = circuit(graph.nodes, &links, piece.edges[0].from) else {
            continue;
        };
        for (l, along) in walk {
            if let Some(e) = piece.edges.get(l) {
                let k = index[e.id as usize];
                forward[k] = along;
            }
        }
    }
    forward
}

fn summarise(
    graph: &RoadGraph,
    start: usize,
    links: &[Link],
    owners: &[Owner],
    walk: &[(usize, bool)],
    relaxed_bound: Option<f64>,
) -> StreetPatrol {
    let traversals: Vec<Traversal> = walk
        .iter()
        .map(|&(l, along)| {
            let (k, repeat) = owners[l];
            let e = &graph.edges[k];
            let link = links[l];
            let from = if along { link.a } else { link.b };
            Traversal {
                edge: e.id,
                forward: from == e.from && (from != e.to || along),
                repeat,
            }
        })
        .collect();
    let length: f64 = owners.iter().map(|&(k, _)| graph.edges[k].length).sum();
    let required: f64 = graph.edges.iter().map(|e| e.length).sum();
    let repeated = length - required;
    let lower_bound = relaxed_bound.map_or(length, |b| b.max(required).min(length));
    StreetPatrol {
        start,
        traversals,
        length,
        required,
        repeated,
        repeated_share: if length > 0.0 { repeated / length } else { 0.0 },
        lower_bound,
        optimal: length - lower_bound <= 1e-9 * length.max(1.0),
    }
}
