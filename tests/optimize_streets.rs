//! Street patrols on hand-made graphs whose shortest covering drive is known.

use gridbeat::optimize::streets::{RoadEdge, RoadGraph, StreetError, StreetPatrol, patrol_streets};

fn two_way(id: u64, from: usize, to: usize, length: f64) -> RoadEdge {
    RoadEdge {
        id,
        from,
        to,
        length,
        oneway: false,
    }
}

fn one_way(id: u64, from: usize, to: usize, length: f64) -> RoadEdge {
    RoadEdge {
        id,
        from,
        to,
        length,
        oneway: true,
    }
}

/// The drive is closed, follows the edges end to end, keeps one-way rules, covers every edge
/// and its length adds up.
fn check_drive(graph: &RoadGraph, patrol: &StreetPatrol) {
    let edge = |id: u64| {
        graph
            .edges
            .iter()
            .find(|e| e.id == id)
            .expect("a known edge")
    };
    let mut at = patrol.start;
    let mut length = 0.0;
    for t in &patrol.traversals {
        let e = edge(t.edge);
        let (from, to) = if t.forward {
            (e.from, e.to)
        } else {
            (e.to, e.from)
        };
        assert_eq!(from, at, "{patrol:#?}");
        assert!(
            t.forward || !e.oneway,
            "edge {} driven against its way",
            e.id
        );
        at = to;
        length += e.length;
    }
    assert_eq!(at, patrol.start);
    for e in &graph.edges {
        let firsts = patrol
            .traversals
            .iter()
            .filter(|t| t.edge == e.id && !t.repeat)
            .count();
        assert_eq!(
            firsts, 1,
            "edge {} covered {firsts} times without repeat",
            e.id
        );
    }
    assert!((length - patrol.length).abs() < 1e-9);
    assert!((patrol.required + patrol.repeated - patrol.length).abs() < 1e-9);
    assert!(patrol.lower_bound <= patrol.length + 1e-9);
}

#[test]
fn an_eulerian_graph_is_driven_without_repeats() {
    // Two triangles sharing node 0: every degree is even.
    let g = RoadGraph {
        nodes: 5,
        edges: vec![
            two_way(1, 0, 1, 3.0),
            two_way(2, 1, 2, 4.0),
            two_way(3, 2, 0, 5.0),
            two_way(4, 0, 3, 1.0),
            two_way(5, 3, 4, 1.0),
            two_way(6, 4, 0, 1.0),
        ],
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    assert_eq!((p.length, p.repeated, p.repeated_share), (15.0, 0.0, 0.0));
    assert!(p.optimal);
}

#[test]
fn a_path_is_driven_there_and_back() {
    let g = RoadGraph {
        nodes: 4,
        edges: vec![
            two_way(10, 0, 1, 2.0),
            two_way(11, 1, 2, 3.0),
            two_way(12, 2, 3, 5.0),
        ],
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    assert_eq!((p.length, p.repeated, p.repeated_share), (20.0, 10.0, 0.5));
    assert_eq!(p.traversals.len(), 6);
}

#[test]
fn a_square_with_a_diagonal_repeats_the_diagonal() {
    // Sides 3, diagonal 4 between the two odd corners 0 and 2: repeating it (4) is cheaper
    // than two sides (6).
    let g = RoadGraph {
        nodes: 4,
        edges: vec![
            two_way(1, 0, 1, 3.0),
            two_way(2, 1, 2, 3.0),
            two_way(3, 2, 3, 3.0),
            two_way(4, 3, 0, 3.0),
            two_way(5, 0, 2, 4.0),
        ],
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    assert_eq!((p.length, p.repeated), (20.0, 4.0));
    let repeats: Vec<u64> = p
        .traversals
        .iter()
        .filter(|t| t.repeat)
        .map(|t| t.edge)
        .collect();
    assert_eq!(repeats, vec![5]);
    assert!(p.optimal);

    // With a long diagonal, two sides are repeated instead.
    let mut long = g.clone();
    long.edges[4].length = 10.0;
    let p = patrol_streets(&long).expect("patrol");
    check_drive(&long, &p);
    assert_eq!((p.length, p.repeated), (28.0, 6.0));
}

#[test]
fn one_way_streets_are_balanced_by_the_cheapest_extra_drives() {
    // A one-way triangle 0 → 1 → 2 → 0 plus a one-way shortcut 0 → 2: node 2 is entered
    // twice and left once, so 2 → 0 (length 1) is driven twice.
    let g = RoadGraph {
        nodes: 3,
        edges: vec![
            one_way(1, 0, 1, 2.0),
            one_way(2, 1, 2, 2.0),
            one_way(3, 2, 0, 1.0),
            one_way(4, 0, 2, 3.0),
        ],
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    assert_eq!((p.length, p.repeated), (9.0, 1.0));
    assert!(p.optimal);

    let trap = RoadGraph {
        nodes: 2,
        edges: vec![one_way(1, 0, 1, 1.0)],
    };
    assert_eq!(patrol_streets(&trap), Err(StreetError::OnewayTrap));
}

#[test]
fn mixed_graphs_keep_one_way_rules_and_report_a_bound() {
    // A one-way loop 0 → 1 → 2 → 0 with a two-way spur 2 – 3: the spur is driven both ways.
    let g = RoadGraph {
        nodes: 4,
        edges: vec![
            one_way(1, 0, 1, 1.0),
            one_way(2, 1, 2, 1.0),
            one_way(3, 2, 0, 1.0),
            two_way(4, 2, 3, 5.0),
        ],
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    assert_eq!((p.length, p.repeated), (13.0, 5.0));
    assert_eq!(p.lower_bound, 13.0);
    assert!(p.optimal);
}

#[test]
fn separate_pieces_are_refused_and_can_be_split() {
    let g = RoadGraph {
        nodes: 6,
        edges: vec![
            two_way(1, 0, 1, 1.0),
            two_way(2, 3, 4, 1.0),
            two_way(3, 4, 5, 1.0),
        ],
    };
    assert_eq!(
        patrol_streets(&g),
        Err(StreetError::Disconnected { pieces: 2 })
    );
    let lengths: Vec<f64> = g
        .components()
        .iter()
        .map(|piece| patrol_streets(piece).expect("patrol").length)
        .collect();
    assert_eq!(lengths, vec![4.0, 2.0]);
}

#[test]
fn a_grid_of_streets_is_covered_within_its_bound() {
    // 12 × 12 blocks of 100 m: 44 odd boundary nodes, so the matching is heuristic.
    let side = 13;
    let node = |r: usize, c: usize| r * side + c;
    let mut edges = Vec::new();
    for r in 0..side {
        for c in 0..side {
            if c + 1 < side {
                edges.push(two_way(
                    edges.len() as u64,
                    node(r, c),
                    node(r, c + 1),
                    100.0,
                ));
            }
            if r + 1 < side {
                edges.push(two_way(
                    edges.len() as u64,
                    node(r, c),
                    node(r + 1, c),
                    100.0,
                ));
            }
        }
    }
    let g = RoadGraph {
        nodes: side * side,
        edges,
    };
    let p = patrol_streets(&g).expect("patrol");
    check_drive(&g, &p);
    // 312 edges and 44 odd nodes, 11 on each side. Each side must send one node round a
    // corner (200 m), so at best 20 pairs of neighbours (100 m) and 2 round corners: 2,400 m.
    assert_eq!(p.required, 31_200.0);
    assert_eq!(p.repeated, 2_400.0);
    // The bound charges every odd node half the way to its nearest: 44 × 50 m.
    assert_eq!(p.lower_bound, 31_200.0 + 2_200.0);
    assert!(!p.optimal);
}
