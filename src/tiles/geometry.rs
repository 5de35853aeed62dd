//! Geometry in tile units: clipped to the buffered tile, snapped to the integer grid, with
//! rings closed and wound as MVT 2.1 requires, zero-area slivers dropped, and shapes that
//! snapping made invalid repaired.

use geo::{
    BooleanOps, BoundingRect, Coord, LineString, MultiLineString, MultiPolygon, Polygon, Rect,
    CoordsIter, Validation, coord,
};

use super::coord::{BUFFER, EXTENT};

/// The buffered tile in tile units.
fn clip_rect() -> Rect {
    let max = f64::from(EXTENT) + BUFFER;
    Rect::new(coord! { x: -BUFFER, y: -BUFFER }, coord! { x: max, y: max })
}

/// A (multi)polygon in tile units, ready for encoding; `None` when nothing of it is left in
/// the buffered tile.
///
/// `snapped` says the shape is already integer, valid and wound (generalised geometry): then a
/// shape inside the buffered tile is used as it is. Anything else is cut with `geo`'s boolean
/// intersection where it crosses the tile's buffered edge, snapped, and repaired if snapping
/// broke it.
pub fn polygon_in_tile(in_tile: MultiPolygon, snapped: bool) -> Option<MultiPolygon> {
    let bounds = in_tile.bounding_rect()?;
    let clip = clip_rect();
    if !intersects(bounds, clip) {
        return None;
    }
    let shape = if contains(clip, bounds) {
        if snapped {
            return Some(in_tile);
        }
        snap_polygons(in_tile)
    } else {
        snap_polygons(in_tile.intersection(&clip.to_polygon()))
    };
    (!shape.0.is_empty()).then_some(shape)
}

/// Lines in tile units, clipped to the buffered tile and snapped; `None` when nothing is left.
pub fn lines_in_tile(in_tile: MultiLineString) -> Option<MultiLineString> {
    let bounds = in_tile.bounding_rect()?;
    let clip = clip_rect();
    if !intersects(bounds, clip) {
        return None;
    }
    let clipped = if contains(clip, bounds) {
        in_tile
    } else {
        clip.to_polygon().clip(&in_tile, false)
    };
    let lines = snap_lines(&clipped);
    (!lines.0.is_empty()).then_some(lines)
}

/// A point in tile units, if it lies in the buffered tile.
pub fn point_in_tile(p: Coord) -> Option<Coord> {
    let clip = clip_rect();
    let inside = (clip.min().x..=clip.max().x).contains(&p.x)
        && (clip.min().y..=clip.max().y).contains(&p.y);
    inside.then(|| coord! { x: p.x.round(), y: p.y.round() })
}

/// Snaps polygons to integers, drops rings without area (and the holes of a dropped
/// exterior), winds them for MVT, and repairs a result that snapping made invalid.
pub fn snap_polygons(shape: MultiPolygon) -> MultiPolygon {
    let mut snapped = MultiPolygon::new(shape.into_iter().filter_map(snap_polygon).collect());
    // Parts that now overlap, or a ring that folded: an overlay (even-odd fill) resolves them,
    // and its new crossing points are snapped in turn, until the shape holds.
    for _ in 0..MAX_REPAIRS {
        if holds(&snapped) {
            break;
        }
        let resolved = snapped.boolean_op(&MultiPolygon::new(Vec::new()), geo::OpType::Union);
        snapped = MultiPolygon::new(resolved.into_iter().filter_map(snap_polygon).collect());
    }
    snapped
}

/// Largest shape (in vertices) checked with `geo`'s full validity test; its cost grows
/// faster than linearly, so larger shapes get the area test of [`same_area`].
const FULL_CHECK_VERTICES: usize = 512;

/// Whether a snapped shape is fit to serve.
fn holds(shape: &MultiPolygon) -> bool {
    if shape.coords_count() <= FULL_CHECK_VERTICES {
        return shape.is_valid();
    }
    let resolved = shape.boolean_op(&MultiPolygon::new(Vec::new()), geo::OpType::Union);
    same_area(shape, &resolved)
}

/// Whether resolving `shape` by an overlay changed its area. On the integer grid any fold,
/// overlap or crossing hole changes it by at least half a unit² (Pick's theorem); this is far
/// cheaper than a full validity check on rings of thousands of vertices.
fn same_area(shape: &MultiPolygon, resolved: &MultiPolygon) -> bool {
    let area = |m: &MultiPolygon| -> f64 {
        m.iter()
            .map(|p| {
                let holes: f64 = p.interiors().iter().map(|r| ring_area(&r.0)).sum();
                ring_area(&p.exterior().0) - holes
            })
            .sum()
    };
    (area(shape) - area(resolved)).abs() < 0.25
}

/// Unsigned area of a closed ring.
fn ring_area(ring: &[Coord]) -> f64 {
    ring.windows(2).map(|w| w[0].x * w[1].y - w[1].x * w[0].y).sum::<f64>().abs() / 2.0
}

/// Rounds of overlay repair before a shape is served as it is.
const MAX_REPAIRS: usize = 4;

/// Snaps lines to integers, removing repeated points and lines shorter than two points.
pub fn snap_lines(lines: &MultiLineString) -> MultiLineString {
    lines
        .iter()
        .filter_map(|line| {
            let coords = snap(&line.0);
            (coords.len() >= 2).then(|| LineString::new(coords))
        })
        .collect()
}

fn snap_polygon(polygon: Polygon) -> Option<Polygon> {
    let (exterior, interiors) = polygon.into_inner();
    let exterior = snap_ring(&exterior, true)?;
    let interiors = interiors
        .iter()
        .filter_map(|r| snap_ring(r, false))
        .collect();
    Some(Polygon::new(exterior, interiors))
}

/// Snaps a ring, drops it when it has no area, and winds it: exterior positive area in
/// y-down tile coordinates (clockwise on screen), interior negative.
fn snap_ring(ring: &LineString, exterior: bool) -> Option<LineString> {
    let mut coords = snap(&ring.0);
    if coords.first() == coords.last() {
        coords.pop();
    }
    if coords.len() < 3 {
        return None;
    }
    let area = twice_area(&coords);
    if area == 0.0 {
        return None;
    }
    if (area > 0.0) != exterior {
        coords.reverse();
    }
    coords.push(coords[0]);
    Some(LineString::new(coords))
}

/// Rounds to integers and removes repeated consecutive points.
fn snap(coords: &[Coord]) -> Vec<Coord> {
    let mut out: Vec<Coord> = Vec::with_capacity(coords.len());
    for c in coords {
        let s = coord! { x: c.x.round(), y: c.y.round() };
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

/// Twice the signed area by the surveyor's formula, as the MVT specification states it.
fn twice_area(coords: &[Coord]) -> f64 {
    let n = coords.len();
    (0..n)
        .map(|i| {
            let (a, b) = (coords[i], coords[(i + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum()
}

fn intersects(a: Rect, b: Rect) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

fn contains(outer: Rect, inner: Rect) -> bool {
    outer.min().x <= inner.min().x
        && outer.min().y <= inner.min().y
        && inner.max().x <= outer.max().x
        && inner.max().y <= outer.max().y
}

#[cfg(test)]
mod tests {
    use geo::wkt;

    use super::*;

    #[test]
    fn rings_are_wound_for_mvt_and_clipped_to_the_buffer() {
        let square = wkt!(MULTIPOLYGON(((-500. 100.,100. 100.,100. 200.,-500. 200.,-500. 100.))));
        let out = polygon_in_tile(square, false).expect("in tile");
        let ring: Vec<Coord> = out.0[0].exterior().0.clone();
        assert!(
            twice_area(&ring[..ring.len() - 1]) > 0.0,
            "exterior positive"
        );
        assert_eq!(ring.first(), ring.last(), "closed");
        let min_x = ring.iter().map(|c| c.x).fold(f64::INFINITY, f64::min);
        assert_eq!(min_x, -BUFFER, "cut at the buffer");
    }

    #[test]
    fn slivers_and_far_shapes_are_dropped() {
        let sliver = wkt!(MULTIPOLYGON(((10. 10.,10.2 10.,10.2 10.3,10. 10.))));
        assert!(polygon_in_tile(sliver, false).is_none());
        let far = wkt!(MULTIPOLYGON(((5000. 10.,5100. 10.,5100. 100.,5000. 10.))));
        assert!(polygon_in_tile(far, false).is_none());
    }

    #[test]
    fn a_ring_that_snapping_folds_is_repaired() {
        // A narrow bow: after rounding, the two long sides cross.
        let bow = wkt!(MULTIPOLYGON(((0. 0.,100. 0.4,200. 0.,200. 1.4,100. 0.6,0. 1.4,0. 0.))));
        let out = snap_polygons(bow);
        assert!(out.is_valid(), "{:?}", out.validation_errors());
    }
}
