//! Geometry generalised per zoom, once, on first use.
//!
//! For every zoom up to [`MAX_GENERALIZED_ZOOM`] each shape is moved into that zoom's global
//! pixel grid (Web Mercator in tile units: 4096 per tile, y down), snapped to integers,
//! simplified with topology-preserving Visvalingam–Whyatt (`geo`'s `SimplifyVwPreserve`),
//! wound for MVT and, where snapping broke it, repaired by an overlay. A tile then only shifts
//! these integer shapes by its origin, which keeps them exactly as valid as they were; only
//! shapes crossing the tile's buffered edge are cut again. Above that zoom tiles use the full
//! geometry.
//!
//! Neighbouring grids are simplified independently, so at low zoom their shared edges may part
//! by up to the tolerance (one pixel).

use std::sync::OnceLock;

use geo::{Coord, MapCoords, MultiLineString, MultiPolygon, Simplify, SimplifyVwPreserve};

use super::coord::{EXTENT, TileCoord};
use super::geometry;
use crate::crs::mercator::{HALF_WORLD_M, wgs84_to_web_mercator};

/// Zooms up to this one are served from generalised, pre-snapped geometry.
pub const MAX_GENERALIZED_ZOOM: u8 = 14;
/// Simplification tolerance in tile units: one pixel of a 512-pixel tile.
const TOLERANCE_UNITS: f64 = 8.0;

/// A layer's shapes in Web Mercator, and per zoom in that zoom's global pixel grid.
#[derive(Debug)]
pub struct Generalized<G> {
    full: Vec<G>,
    per_zoom: Vec<OnceLock<Vec<G>>>,
}

/// Shapes that can be generalised.
pub trait Shape: Sized + Send + Sync + MapCoords<f64, f64, Output = Self> {
    /// The shape, already in integer pixel units, simplified by `tolerance` units and made
    /// fit for MVT.
    fn generalized(&self, tolerance: f64) -> Self;
}

impl Shape for MultiPolygon {
    fn generalized(&self, tolerance: f64) -> Self {
        // VW's epsilon is an area: a triangle of the tolerance's base and height.
        geometry::snap_polygons(self.simplify_vw_preserve(tolerance * tolerance))
    }
}

impl Shape for MultiLineString {
    fn generalized(&self, tolerance: f64) -> Self {
        geometry::snap_lines(&self.simplify(tolerance))
    }
}

impl<G: Shape> Generalized<G> {
    /// Projects WGS84 shapes to Web Mercator.
    pub fn new<'a>(shapes: impl Iterator<Item = &'a G>) -> Self
    where
        G: 'a,
    {
        let full: Vec<G> = shapes
            .map(|g| {
                g.map_coords(|c| {
                    let (x, y) = wgs84_to_web_mercator(c.x, c.y);
                    geo::coord! { x: x, y: y }
                })
            })
            .collect();
        let per_zoom = (0..=MAX_GENERALIZED_ZOOM)
            .map(|_| OnceLock::new())
            .collect();
        Self { full, per_zoom }
    }

    /// The shapes in Web Mercator metres.
    pub fn full(&self) -> &[G] {
        &self.full
    }

    /// The shapes for `zoom` in its global pixel grid, or `None` above
    /// [`MAX_GENERALIZED_ZOOM`].
    pub fn at(&self, zoom: u8) -> Option<&[G]> {
        let cell = self.per_zoom.get(usize::from(zoom))?;
        Some(cell.get_or_init(|| self.generalize(zoom)))
    }

    /// Generalises every zoom now rather than on first use.
    pub fn warm(&self) {
        for zoom in 0..=MAX_GENERALIZED_ZOOM {
            self.at(zoom);
        }
    }

    fn generalize(&self, zoom: u8) -> Vec<G> {
        let to_pixels = pixel_grid(zoom);
        self.full
            .iter()
            .map(|g| g.map_coords(to_pixels).generalized(TOLERANCE_UNITS))
            .collect()
    }
}

/// Web Mercator metres to the global pixel grid of `zoom` (tile units, y down).
pub fn pixel_grid(zoom: u8) -> impl Fn(Coord) -> Coord + Copy {
    let per_m = f64::from(EXTENT)
        / TileCoord {
            z: zoom,
            x: 0,
            y: 0,
        }
        .size_m();
    move |c: Coord| geo::coord! { x: (c.x + HALF_WORLD_M) * per_m, y: (HALF_WORLD_M - c.y) * per_m }
}
