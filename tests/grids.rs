//! Derived grids cover each jurisdiction exactly: no holes, no overlaps.

mod common;

use geo::{Area, unary_union};
use gridbeat::atlas::Atlas;

/// For every jurisdiction: (relative area difference of the grids' union, relative overlap).
fn partition_errors(atlas: &Atlas) -> Vec<(String, f64, f64)> {
    let d = &atlas.dataset;
    d.jurisdictions
        .iter()
        .map(|j| {
            let grids: Vec<_> = d.grids.iter().filter(|g| g.jurisdiction_id == j.id).collect();
            let union = unary_union(grids.iter().map(|g| &g.geometry));
            let area = j.geometry.unsigned_area();
            let sum: f64 = grids.iter().map(|g| g.geometry.unsigned_area()).sum();
            let union_area = union.unsigned_area();
            let hole_or_excess = (union_area - area).abs() / area;
            let overlap = (sum - union_area).abs() / area;
            (j.id.clone(), hole_or_excess, overlap)
        })
        .collect()
}

fn assert_partition(atlas: &Atlas) {
    for (id, difference, overlap) in partition_errors(atlas) {
        assert!(difference < 1e-6, "jurisdiction {id}: grids' union differs by {difference:e}");
        assert!(overlap < 1e-9, "jurisdiction {id}: grids overlap by {overlap:e}");
    }
}

#[test]
fn andorra_grids_partition_every_parish() {
    assert_partition(common::andorra());
}

#[test]
fn henan_grids_partition_every_county() {
    assert_partition(common::henan());
}

#[test]
fn every_village_has_its_own_grid_unless_it_repeats_a_position() {
    for atlas in [common::andorra(), common::henan()] {
        let d = &atlas.dataset;
        let served = d.grids.iter().filter(|g| g.village_id.is_some()).count();
        let empty_jurisdictions = d
            .jurisdictions
            .iter()
            .filter(|j| !d.villages.iter().any(|v| v.jurisdiction_id == j.id))
            .count();
        assert_eq!(served + empty_jurisdictions, d.grids.len());
        assert!(served <= d.villages.len());
        assert!(served * 100 >= d.villages.len() * 99, "{served} of {}", d.villages.len());
    }
}
