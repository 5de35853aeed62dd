//! Lookups agree with a brute-force oracle that tests every grid with geo's exact predicate.

mod common;

use geo::{BoundingRect, Coord, CoordsIter, Intersects, Point};
use gridbeat::atlas::Atlas;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The lowest-positioned grid whose closed polygon contains `p`.
fn oracle(atlas: &Atlas, p: Coord) -> Option<usize> {
    atlas
        .dataset
        .grids
        .iter()
        .position(|g| g.geometry.intersects(&Point(p)))
}

/// Seeded random points over the data set's extent, plus vertices and edge midpoints of
/// seeded random grids.
fn probe_points(atlas: &Atlas, seed: u64, random: usize, grids: usize) -> Vec<Coord> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let extent = gridbeat::index::SpatialIndex::extent(&atlas.dataset).expect("extent");
    let mut points: Vec<Coord> = (0..random)
        .map(|_| Coord {
            x: rng.random_range(extent.min().x..extent.max().x),
            y: rng.random_range(extent.min().y..extent.max().y),
        })
        .collect();
    for _ in 0..grids {
        let g = &atlas.dataset.grids[rng.random_range(0..atlas.dataset.grids.len())];
        let coords: Vec<Coord> = g.geometry.coords_iter().collect();
        for pair in coords.windows(2).step_by(coords.len().div_ceil(40).max(1)) {
            points.push(pair[0]);
            points.push((pair[0] + pair[1]) / 2.0);
        }
    }
    points
}

fn assert_agrees(atlas: &Atlas, points: &[Coord]) -> (usize, usize) {
    let mut covered = 0;
    for &p in points {
        let found = atlas.responsible_at(p).grid_position();
        assert_eq!(found, oracle(atlas, p), "lookup and oracle differ at {p:?}");
        covered += usize::from(found.is_some());
    }
    (covered, points.len())
}

#[test]
fn andorra_lookups_agree_with_the_oracle() {
    let atlas = common::andorra();
    let points = probe_points(atlas, 1, 4_000, 60);
    let (covered, total) = assert_agrees(atlas, &points);
    // The parishes cover part of the extent's box; both inside and outside must be probed.
    assert!(
        covered > total / 4 && covered < total,
        "covered {covered} of {total}"
    );
}

#[test]
fn henan_lookups_agree_with_the_oracle() {
    let atlas = common::henan();
    let points = probe_points(atlas, 2, 4_000, 80);
    let (covered, total) = assert_agrees(atlas, &points);
    assert!(
        covered > total / 4 && covered < total,
        "covered {covered} of {total}"
    );
}

#[test]
fn a_point_on_a_shared_edge_always_gets_the_same_grid() {
    let atlas = common::henan();
    let grid = &atlas.dataset.grids[10];
    let bounds = grid.geometry.bounding_rect().expect("bounds");
    let on_boundary = grid.geometry.coords_iter().next().expect("a vertex");
    let first = atlas.responsible_at(on_boundary).grid_position();
    assert!(
        first.is_some(),
        "a grid vertex inside {bounds:?} is covered"
    );
    for _ in 0..100 {
        assert_eq!(atlas.responsible_at(on_boundary).grid_position(), first);
    }
}
