//! Geometry in tile units: clipped to the buffered tile, snapped to the integer grid, with
//! rings closed and wound as MVT 2.1 requires, and zero-area slivers dropped.

use geo::{
    BooleanOps, BoundingRect, Coord, LineString, MapCoords, MultiLineString, MultiPolygon, Polygon,
    Rect,
    coord,
};

use super::coord::{BUFFER, EXTENT, TileTransform};

/// The buffered tile in tile units.
fn clip_rect() -> Rect {
    let max = f64::from(EXTENT) + BUFFER;
    Rect::new(coord! { x: -BUFFER, y: -BUFFER }, coord! { x: max, y: max })
}

/// A Web Mercator (multi)polygon in tile units, ready for encoding; `None` when nothing of it
/// is left in the tile.
///
/// A polygon that crosses the buffered tile's edge is cut with `geo`'s boolean intersection,
/// which keeps it valid. After snapping to integers, repeated points are removed, rings with
/// less than three distinct points or no area are dropped (with the holes of a dropped
/// exterior), exteriors get positive and holes negative area in tile coordinates (y down),
/// as the MVT specification asks.
pub fn polygon_in_tile(shape: &MultiPolygon, t: TileTransform) -> Option<MultiPolygon> {
    let in_tile = shape.map_coords(|c| t.apply(c));
    let bounds = in_tile.bounding_rect()?;
    let clip = clip_rect();
    if !intersects(bounds, clip) {
        return None;
    }
    let clipped = if contains(clip, bounds) {
        in_tile
    } else {
        in_tile.intersection(&clip.to_polygon())
    };
    let polygons: Vec<Polygon> = clipped.into_iter().filter_map(snap_polygon).collect();
    (!polygons.is_empty()).then(|| MultiPolygon::new(polygons))
}

/// A Web Mercator line set in tile units, clipped and snapped; `None` when nothing is left.
pub fn lines_in_tile(lines: &MultiLineString, t: TileTransform) -> Option<MultiLineString> {
    let in_tile = lines.map_coords(|c| t.apply(c));
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
    let parts: Vec<LineString> = clipped
        .into_iter()
        .filter_map(|line| {
            let coords = snap(&line.0);
            (coords.len() >= 2).then(|| LineString::new(coords))
        })
        .collect();
    (!parts.is_empty()).then(|| MultiLineString::new(parts))
}

/// A Web Mercator point in tile units, if it lies in the buffered tile.
pub fn point_in_tile(c: Coord, t: TileTransform) -> Option<Coord> {
    let p = t.apply(c);
    let clip = clip_rect();
    let inside = (clip.min().x..=clip.max().x).contains(&p.x)
        && (clip.min().y..=clip.max().y).contains(&p.y);
    inside.then(|| coord! { x: p.x.round(), y: p.y.round() })
}

fn snap_polygon(polygon: Polygon) -> Option<Polygon> {
    let (exterior, interiors) = polygon.into_inner();
    let exterior = snap_ring(&exterior, true)?;
    let interiors = interiors.iter().filter_map(|r| snap_ring(r, false)).collect();
    Some(Polygon::new(exterior, interiors))
}

/// Snaps a ring, drops it when it has no area, and winds it: exterior positive area in
/// y-down tile coordinates, interior negative.
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
    a.min().x <= b.max().x && b.min().x <= a.max().x && a.min().y <= b.max().y && b.min().y <= a.max().y
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
    use crate::tiles::coord::TileCoord;

    fn identity() -> TileTransform {
        // Tile 0/0/0 maps the whole world; test shapes are given directly in tile units by
        // undoing that transform.
        TileTransform::new(TileCoord { z: 0, x: 0, y: 0 })
    }

    fn to_mercator(shape: &MultiPolygon) -> MultiPolygon {
        let size = TileCoord { z: 0, x: 0, y: 0 }.size_m();
        let half = size / 2.0;
        shape.map_coords(|c| coord! {
            x: c.x / f64::from(EXTENT) * size - half,
            y: half - c.y / f64::from(EXTENT) * size,
        })
    }

    #[test]
    fn rings_are_wound_for_mvt_and_clipped_to_the_buffer() {
        let square = wkt!(MULTIPOLYGON(((-500. 100.,100. 100.,100. 200.,-500. 200.,-500. 100.))));
        let out = polygon_in_tile(&to_mercator(&square), identity()).expect("in tile");
        let ring: Vec<Coord> = out.0[0].exterior().0.clone();
        assert!(twice_area(&ring[..ring.len() - 1]) > 0.0, "exterior positive");
        assert_eq!(ring.first(), ring.last(), "closed");
        let min_x = ring.iter().map(|c| c.x).fold(f64::INFINITY, f64::min);
        assert_eq!(min_x, -BUFFER, "cut at the buffer");
    }

    #[test]
    fn slivers_and_far_shapes_are_dropped() {
        let sliver = wkt!(MULTIPOLYGON(((10. 10.,10.2 10.,10.2 10.3,10. 10.))));
        assert!(polygon_in_tile(&to_mercator(&sliver), identity()).is_none());
        let far = wkt!(MULTIPOLYGON(((5000. 10.,5100. 10.,5100. 100.,5000. 10.))));
        assert!(polygon_in_tile(&to_mercator(&far), identity()).is_none());
    }
}
