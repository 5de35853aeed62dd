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
            let grids: Vec<_> = d
                .grids
                .iter()
                .filter(|g| g.jurisdiction_id == j.id)
                .collect();
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
        assert!(
            difference < 1e-6,
            "jurisdiction {id}: grids' union differs by {difference:e}"
        );
        assert!(
            overlap < 1e-9,
            "jurisdiction {id}: grids overlap by {overlap:e}"
        );
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
fn every_village_position_has_its_own_grid() {
    for atlas in [common::andorra(), common::henan()] {
        let d = &atlas.dataset;
        // Villages at exactly the same point (the Henan list has such repeats) share one grid.
        let positions: std::collections::HashSet<(&str, u64, u64)> = d
            .villages
            .iter()
            .map(|v| {
                (
                    v.jurisdiction_id.as_str(),
                    v.point.x().to_bits(),
                    v.point.y().to_bits(),
                )
            })
            .collect();
        let empty_jurisdictions = d
            .jurisdictions
            .iter()
            .filter(|j| !d.villages.iter().any(|v| v.jurisdiction_id == j.id))
            .count();
        let served = d.grids.iter().filter(|g| g.village_id.is_some()).count();
        assert_eq!(served, positions.len());
        assert_eq!(served + empty_jurisdictions, d.grids.len());
    }
}

#[test]
fn shipped_counts_are_those_of_the_sources() {
    let a = &common::andorra().dataset;
    assert_eq!(
        (a.jurisdictions.len(), a.villages.len(), a.stations.len()),
        (6, 49, 2)
    );
    let h = &common::henan().dataset;
    assert_eq!(
        (h.jurisdictions.len(), h.villages.len(), h.stations.len()),
        (157, 1643, 1952)
    );
    assert_eq!(h.grids.len(), 1564);
}
