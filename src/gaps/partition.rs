//! Whether the grids of each jurisdiction partition it: holes (parts in no grid), overlaps
//! (parts in more than one grid) and parts of grids outside their jurisdiction, each with its
//! ground area. Pieces smaller than a threshold are marked as slivers and counted apart: they
//! are usually digitising noise, not a place nobody answers for.
//!
//! Per jurisdiction J with grids G: U = ⋃G; holes are J − U and outside parts U − J
//! (`geo`'s boolean operations). Overlaps are looked for pairwise only when the grids' areas
//! add up to more than U's by [`OVERLAP_TRIGGER_M2`], so a clean partition costs one union and
//! two differences.

use geo::{Area, BooleanOps, BoundingRect, Intersects, MultiPolygon, Polygon, unary_union};

use crate::atlas::Atlas;

use super::sphere::{area_m2, m2_per_deg2};
use super::{GapsError, Links, Scope};

/// Default sliver threshold in square metres (a 30 m square).
pub const DEFAULT_SLIVER_M2: f64 = 1_000.0;

/// Pieces below this area, m², are round-off of the overlay (slivers of a millionth of a
/// square metre along shared edges), not data, and are not reported at all.
pub const NOISE_M2: f64 = 1.0;

/// Excess of summed grid area over their union, in m², above which overlaps are searched
/// pair by pair. Below it, overlaps smaller than this in total go unreported.
pub const OVERLAP_TRIGGER_M2: f64 = 1.0;

/// What a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PieceKind {
    /// In its jurisdiction but in no grid.
    Hole,
    /// In two grids.
    Overlap,
    /// In a grid but outside the grid's jurisdiction.
    Outside,
}

impl PieceKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hole => "hole",
            Self::Overlap => "overlap",
            Self::Outside => "outside",
        }
    }
}

/// One connected piece of a gap in the partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// What it is.
    pub kind: PieceKind,
    /// The jurisdiction it belongs to, by position.
    pub jurisdiction: usize,
    /// The grids involved (none for a hole), by position.
    pub grids: Vec<usize>,
    /// Its shape, WGS84.
    pub shape: Polygon,
    /// Its geodesic area in m².
    pub area_m2: f64,
    /// Whether it is smaller than the sliver threshold.
    pub sliver: bool,
}

/// Every piece found in a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// The sliver threshold used, m².
    pub sliver_m2: f64,
    /// Jurisdictions checked.
    pub jurisdictions: usize,
    /// Pieces in jurisdiction order, then holes, outside parts and overlaps.
    pub pieces: Vec<Piece>,
}

impl Partition {
    /// Count and total area (m²) of the pieces of `kind`, slivers or not.
    pub fn total(&self, kind: PieceKind, sliver: bool) -> (usize, f64) {
        self.pieces
            .iter()
            .filter(|p| p.kind == kind && p.sliver == sliver)
            .fold((0, 0.0), |(n, a), p| (n + 1, a + p.area_m2))
    }
}

/// Checks the partition of every jurisdiction in `scope`; pieces under `sliver_m2` are
/// slivers.
///
/// # Errors
///
/// [`GapsError::BadSetting`] for a negative or non-finite threshold.
pub fn partition(
    atlas: &Atlas,
    links: &Links,
    scope: Scope,
    sliver_m2: f64,
) -> Result<Partition, GapsError> {
    let sliver_m2 = super::at_least("sliver_m2", sliver_m2, 0.0)?;
    let d = &atlas.dataset;
    let mut grids_of = vec![Vec::new(); d.jurisdictions.len()];
    for (g, j) in links.grid_jurisdiction.iter().enumerate() {
        if let Some(j) = j {
            grids_of[*j].push(g);
        }
    }

    let mut result = Partition {
        sliver_m2,
        jurisdictions: 0,
        pieces: Vec::new(),
    };
    for (j, grids) in grids_of.iter().enumerate() {
        if scope.includes(Some(j)) {
            result.jurisdictions += 1;
            let check = Check {
                atlas,
                j,
                grids,
                sliver_m2,
            };
            check.run(&mut result.pieces);
        }
    }
    Ok(result)
}

/// The partition check of one jurisdiction.
struct Check<'a> {
    atlas: &'a Atlas,
    j: usize,
    grids: &'a [usize],
    sliver_m2: f64,
}

impl Check<'_> {
    fn run(&self, pieces: &mut Vec<Piece>) {
        let d = &self.atlas.dataset;
        let area = &d.jurisdictions[self.j].geometry;
        let shapes: Vec<&MultiPolygon> = self.grids.iter().map(|&g| &d.grids[g].geometry).collect();
        let union = unary_union(shapes.iter().copied());

        for hole in area.difference(&union) {
            self.push(pieces, PieceKind::Hole, Vec::new(), hole);
        }
        for part in union.difference(area) {
            let grids = self.grids_touching(&part);
            self.push(pieces, PieceKind::Outside, grids, part);
        }

        // Plane areas suffice to see whether the grids add up to more than their union.
        let summed: f64 = shapes.iter().map(|s| s.unsigned_area()).sum();
        let lat = area.bounding_rect().map_or(0.0, |r| r.center().y);
        let excess_m2 = (summed - union.unsigned_area()) * m2_per_deg2(lat);
        if excess_m2 > OVERLAP_TRIGGER_M2 {
            self.overlaps(pieces);
        }
    }

    /// Pairwise intersections of grids whose bounding boxes meet.
    fn overlaps(&self, pieces: &mut Vec<Piece>) {
        let d = &self.atlas.dataset;
        let boxes: Vec<_> = self
            .grids
            .iter()
            .map(|&g| d.grids[g].geometry.bounding_rect())
            .collect();
        for (a, box_a) in boxes.iter().enumerate() {
            for (b, box_b) in boxes.iter().enumerate().skip(a + 1) {
                let (Some(box_a), Some(box_b)) = (box_a, box_b) else {
                    continue;
                };
                if !box_a.intersects(box_b) {
                    continue;
                }
                let (ga, gb) = (self.grids[a], self.grids[b]);
                let shared = d.grids[ga].geometry.intersection(&d.grids[gb].geometry);
                for part in shared {
                    self.push(pieces, PieceKind::Overlap, vec![ga, gb], part);
                }
            }
        }
    }

    /// Grids of the jurisdiction that share area with `part`.
    fn grids_touching(&self, part: &Polygon) -> Vec<usize> {
        let d = &self.atlas.dataset;
        let single = MultiPolygon(vec![part.clone()]);
        self.grids
            .iter()
            .copied()
            .filter(|&g| d.grids[g].geometry.intersects(part))
            .filter(|&g| area_m2(&d.grids[g].geometry.intersection(&single)) >= NOISE_M2)
            .collect()
    }

    fn push(&self, pieces: &mut Vec<Piece>, kind: PieceKind, grids: Vec<usize>, shape: Polygon) {
        let area_m2 = area_m2(&MultiPolygon(vec![shape.clone()]));
        if area_m2 < NOISE_M2 {
            return;
        }
        pieces.push(Piece {
            kind,
            jurisdiction: self.j,
            grids,
            shape,
            area_m2,
            sliver: area_m2 < self.sliver_m2,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture::{self, sphere_rect_m2};
    use approx::assert_relative_eq;

    fn two_counties(sliver_m2: f64) -> (Atlas, Partition) {
        let atlas = fixture::two_counties();
        let links = Links::new(&atlas);
        let found = partition(&atlas, &links, Scope::ALL, sliver_m2).expect("valid threshold");
        (atlas, found)
    }

    fn only(found: &Partition, kind: PieceKind, sliver: bool) -> &Piece {
        let mut matching = found
            .pieces
            .iter()
            .filter(|p| p.kind == kind && p.sliver == sliver);
        let piece = matching.next().expect("one piece");
        assert!(matching.next().is_none(), "only one {kind:?}");
        piece
    }

    #[test]
    fn a_hole_of_known_area() {
        // Above the 2,462 m² strip, so the strip is a sliver and the quarter the one hole.
        let (_, found) = two_counties(5_000.0);
        let hole = only(&found, PieceKind::Hole, false);
        assert_eq!(hole.jurisdiction, 0);
        let expected = sphere_rect_m2(0.01, 0.01, 0.02, 0.02);
        assert_relative_eq!(hole.area_m2, expected, max_relative = 0.006);
        assert_relative_eq!(hole.area_m2, 1_231_000.0, max_relative = 0.006);
    }

    #[test]
    fn an_overlap_and_a_grid_outside_its_jurisdiction() {
        let (atlas, found) = two_counties(DEFAULT_SLIVER_M2);
        let overlap = only(&found, PieceKind::Overlap, false);
        let grid_ids: Vec<&str> = overlap
            .grids
            .iter()
            .map(|&g| atlas.dataset.grids[g].id.as_str())
            .collect();
        assert_eq!(grid_ids, ["G3", "G4"]);
        let expected = sphere_rect_m2(0.03, 0.0, 0.035, 0.02);
        assert_relative_eq!(overlap.area_m2, expected, max_relative = 0.006);

        let outside = only(&found, PieceKind::Outside, false);
        assert_eq!(outside.grids, [3], "G4");
        let expected = sphere_rect_m2(0.04, 0.0, 0.045, 0.02);
        assert_relative_eq!(outside.area_m2, expected, max_relative = 0.006);
    }

    #[test]
    fn the_thin_strip_is_a_sliver_below_the_threshold_and_a_hole_above() {
        // 0.00001° × 0.02°: about 1.1 m × 2.2 km.
        let strip = sphere_rect_m2(0.02, 0.0, 0.02001, 0.02);
        assert_relative_eq!(strip, 2_462.0, max_relative = 0.01);

        let (_, found) = two_counties(5_000.0);
        let sliver = only(&found, PieceKind::Hole, true);
        assert_eq!(sliver.jurisdiction, 1);
        assert_relative_eq!(sliver.area_m2, strip, max_relative = 0.006);
        assert_eq!(found.total(PieceKind::Hole, true).0, 1);

        let (_, found) = two_counties(1_000.0);
        assert_eq!(found.total(PieceKind::Hole, false).0, 2);
        assert_eq!(found.total(PieceKind::Hole, true).0, 0);
    }

    #[test]
    fn a_clean_partition_has_no_pieces() {
        let atlas = fixture::row_of_four();
        let found = partition(&atlas, &Links::new(&atlas), Scope::ALL, 0.0).expect("valid");
        assert_eq!(found.pieces, Vec::new());
        assert_eq!(found.jurisdictions, 1);
        assert!(partition(&atlas, &Links::new(&atlas), Scope::ALL, f64::NAN).is_err());
    }
}
