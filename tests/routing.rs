//! Routing on the real road graphs: contraction hierarchies agree with a plain Dijkstra on
//! random pairs, one-way streets are honoured by cars and ignored on foot, snapped points
//! split their edges, and points far from every road are refused.
//!
//! Andorra uses the shipped `geodata/andorra` roads; Heidelberg reads the OSM extract in
//! the shared data folder.

mod common;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;

use gridbeat::routing::graph::metres;
use gridbeat::routing::{Profile, RoadNetwork, RoutingError};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn andorra() -> &'static RoadNetwork {
    static NET: OnceLock<RoadNetwork> = OnceLock::new();
    NET.get_or_init(|| RoadNetwork::from_roads(&common::andorra().roads).expect("andorra roads"))
}

fn heidelberg() -> &'static RoadNetwork {
    static NET: OnceLock<RoadNetwork> = OnceLock::new();
    NET.get_or_init(|| {
        let path = common::shared_data().join("osm/heidelberg-20240908-routing.osm.pbf");
        RoadNetwork::from_pbf(&path).expect("heidelberg extract")
    })
}

/// Travel time (ms) from `from` to `to` by a textbook Dijkstra over the profile's arcs.
fn dijkstra(net: &RoadNetwork, profile: Profile, from: u32, to: u32) -> Option<usize> {
    let graph = net.graph();
    let mut out: Vec<Vec<(u32, usize)>> = vec![Vec::new(); graph.nodes.len()];
    for (a, b, e) in graph.arcs(profile) {
        out[a as usize].push((b, graph.edges[e].weight_ms(profile)));
    }
    let mut best = vec![usize::MAX; graph.nodes.len()];
    let mut heap = BinaryHeap::from([Reverse((0, from))]);
    best[from as usize] = 0;
    while let Some(Reverse((cost, node))) = heap.pop() {
        if node == to {
            return Some(cost);
        }
        if cost > best[node as usize] {
            continue;
        }
        for &(next, w) in &out[node as usize] {
            if cost + w < best[next as usize] {
                best[next as usize] = cost + w;
                heap.push(Reverse((cost + w, next)));
            }
        }
    }
    None
}

fn agree_with_dijkstra(net: &RoadNetwork, pairs: usize, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for profile in Profile::ALL {
        let router = net.router(profile);
        let main: Vec<u32> = (0..net.graph().nodes.len() as u32)
            .filter(|&n| router.in_main(n))
            .collect();
        assert!(
            main.len() > 1000,
            "{profile}: main component has {} nodes",
            main.len()
        );
        for _ in 0..pairs {
            let a = main[rng.random_range(0..main.len())];
            let b = main[rng.random_range(0..main.len())];
            let (weight, nodes) = router.node_path(a, b).expect("main component is connected");
            assert_eq!(
                Some(weight),
                dijkstra(net, profile, a, b),
                "{profile} {a} -> {b}"
            );
            // The unpacked path is made of real arcs whose weights add up.
            let summed: usize = nodes
                .windows(2)
                .map(|p| {
                    let (e, _) = router.best_arc(net.graph(), p[0], p[1]).expect("an arc");
                    net.graph().edges[e].weight_ms(profile)
                })
                .sum();
            assert_eq!(summed, weight, "{profile} {a} -> {b}: path weights");
        }
    }
}

#[test]
fn andorra_hierarchy_agrees_with_dijkstra() {
    agree_with_dijkstra(andorra(), 40, 6);
}

#[test]
fn heidelberg_hierarchy_agrees_with_dijkstra() {
    agree_with_dijkstra(heidelberg(), 25, 49);
}

/// The longest edge that cars may use in its own direction only and walkers both ways, with
/// both ends in both main components.
fn one_way_edge(net: &RoadNetwork) -> usize {
    let graph = net.graph();
    (0..graph.edges.len())
        .filter(|&i| {
            let e = &graph.edges[i];
            let car = e
                .travel(Profile::Car)
                .is_some_and(|t| t.forward && !t.backward);
            let foot = e.travel(Profile::Foot).is_some();
            let main = [Profile::Car, Profile::Foot]
                .iter()
                .all(|&p| net.router(p).in_main(e.from) && net.router(p).in_main(e.to));
            car && foot && main
        })
        .max_by(|&a, &b| {
            graph.edges[a]
                .length_m()
                .total_cmp(&graph.edges[b].length_m())
        })
        .expect("a one-way street")
}

#[test]
fn one_way_streets_bind_cars_not_walkers() {
    for net in [andorra(), heidelberg()] {
        let e = one_way_edge(net);
        let edge = &net.graph().edges[e];
        let length = edge.length_m();
        let (a, b) = (edge.point_at(length * 0.3), edge.point_at(length * 0.7));
        let ahead = net.route(Profile::Car, a, b).expect("forward");
        assert!(
            (ahead.distance_m - length * 0.4).abs() < 0.5,
            "{}",
            ahead.distance_m
        );
        let back = net.route(Profile::Car, b, a).expect("around the block");
        assert!(
            back.distance_m > length * 0.4 + 1.0,
            "car went against the one-way street"
        );
        let walk = net.route(Profile::Foot, b, a).expect("walk back");
        assert!(
            (walk.distance_m - length * 0.4).abs() < 0.5,
            "{}",
            walk.distance_m
        );
        let expected_s = length * 0.4 / (5.0 / 3.6);
        assert!(
            (walk.duration_s - expected_s).abs() < 0.01,
            "{}",
            walk.duration_s
        );
    }
}

#[test]
fn routes_start_and_end_at_the_snapped_points() {
    let net = andorra();
    // Andorra la Vella to Encamp, off the road by a little.
    let (from, to) = ([1.5218, 42.5075], [1.5806, 42.5348]);
    let route = net.route(Profile::Car, from, to).expect("route");
    assert_eq!(route.line.first(), Some(&route.from.point));
    assert_eq!(route.line.last(), Some(&route.to.point));
    assert!(route.from.distance_m < 200.0 && route.to.distance_m < 200.0);
    let along: f64 = route.line.windows(2).map(|w| metres(w[0], w[1])).sum();
    assert!(
        (along - route.distance_m).abs() < route.distance_m * 0.001,
        "{along}"
    );
    assert!(
        route.distance_m > 6_000.0 && route.distance_m < 15_000.0,
        "{}",
        route.distance_m
    );
    let kmh = route.distance_m / route.duration_s * 3.6;
    assert!(kmh > 20.0 && kmh < 90.0, "{kmh} km/h");
    // The snapped start lies inside an edge, not on one of its nodes.
    let edge = &net.graph().edges[route.from.edge];
    assert!(route.from.offset_m > 0.0 && route.from.offset_m < edge.length_m());
}

#[test]
fn points_far_from_roads_are_refused() {
    let error = andorra()
        .route(Profile::Car, [1.52, 42.5], [3.0, 45.0])
        .expect_err("far away");
    match error {
        RoutingError::NotNearRoad {
            point, nearest_m, ..
        } => {
            assert_eq!(point, [3.0, 45.0]);
            assert!(nearest_m.is_some_and(|m| m > 100_000.0), "{nearest_m:?}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn travel_times_hook_matches_routes() {
    let net = andorra();
    let office = [1.5218, 42.5075];
    let points = [[1.5806, 42.5348], [1.53, 42.51], [3.0, 45.0]];
    let times = net.travel_times(Profile::Car, office, &points);
    let direct = net.route(Profile::Car, office, points[0]).expect("route");
    assert_eq!(times[0].as_ref().ok(), Some(&direct.duration_s));
    assert!(times[1].is_ok());
    assert!(times[2].is_err());
}

#[test]
fn service_areas_hold_what_is_reachable_in_time() {
    use geo::{Area, Intersects, Point};
    let net = andorra();
    let office = [1.5218, 42.5075];
    let small = net.service_area(Profile::Car, office, 3.0).expect("3 min");
    let large = net.service_area(Profile::Car, office, 8.0).expect("8 min");
    assert!(small.reached_nodes() > 20, "{}", small.reached_nodes());
    let (n3, n8) = (small.reached_nodes(), large.reached_nodes());
    assert!(
        n8 as f64 > n3 as f64 * 1.3,
        "{n3} nodes in 3 min, {n8} in 8 min"
    );
    let (a3, a8) = (small.polygon.unsigned_area(), large.polygon.unsigned_area());
    assert!(a8 > a3 * 1.3, "area {a3} in 3 min, {a8} in 8 min");
    for p in &large.places {
        assert!(
            large.polygon.intersects(&Point::new(p[0], p[1])),
            "{p:?} outside"
        );
    }
    // Reached nodes are as far as a route says, and nodes left out are farther than 8 min.
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let (mut inside, mut outside) = (0, 0);
    while inside < 15 || outside < 15 {
        let node = rng.random_range(0..net.graph().nodes.len());
        if !net.router(Profile::Car).in_main(node as u32) {
            continue;
        }
        let at = net.graph().nodes[node];
        let ms = net
            .route(Profile::Car, office, at)
            .expect("route")
            .duration_s
            * 1000.0;
        match large.reached[node] {
            Some(t) if inside < 15 => {
                inside += 1;
                assert!(
                    (t as f64 - ms).abs() <= 3.0,
                    "node {node}: {t} ms vs route {ms} ms"
                );
            }
            None if outside < 15 => {
                outside += 1;
                assert!(ms > 8.0 * 60_000.0 - 3.0, "node {node} left out at {ms} ms");
            }
            _ => {}
        }
    }
}
