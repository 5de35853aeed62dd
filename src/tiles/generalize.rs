//! Geometry generalised per zoom: Web Mercator copies of every polygon and line, simplified
//! once per zoom level on first use and kept.
//!
//! Polygons are simplified with topology-preserving Visvalingam–Whyatt (`geo`'s
//! `SimplifyVwPreserve`), so a simplified ring never crosses itself or its holes. Neighbouring
//! grids are simplified independently, so at low zoom their shared edges may part by up to the
//! tolerance (a fraction of a pixel).

use std::sync::OnceLock;

use geo::{MapCoords, MultiLineString, MultiPolygon, Simplify, SimplifyVwPreserve};

use super::coord::{EXTENT, MAX_ZOOM, TileCoord};
use crate::crs::mercator::wgs84_to_web_mercator;

/// Above this zoom, geometry is used as it is.
pub const MAX_SIMPLIFIED_ZOOM: u8 = 12;
/// Simplification tolerance in tile units (1/16 of a 256-pixel tile's pixel per unit).
const TOLERANCE_UNITS: f64 = 4.0;

/// A layer's shapes in Web Mercator, with a simplified copy per zoom.
#[derive(Debug)]
pub struct Generalized<G> {
    full: Vec<G>,
    per_zoom: Vec<OnceLock<Vec<G>>>,
}

/// Shapes that can be generalised.
pub trait Shape: Sized + Send + Sync {
    /// The shape simplified for tolerance `tolerance_m` (metres).
    fn simplified(&self, tolerance_m: f64) -> Self;
}

impl Shape for MultiPolygon {
    fn simplified(&self, tolerance_m: f64) -> Self {
        // VW's epsilon is an area: a triangle of this tolerance's base and height.
        self.simplify_vw_preserve(tolerance_m * tolerance_m)
    }
}

impl Shape for MultiLineString {
    fn simplified(&self, tolerance_m: f64) -> Self {
        self.simplify(tolerance_m)
    }
}

impl<G: Shape + MapCoords<f64, f64, Output = G>> Generalized<G> {
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
        let per_zoom = (0..=MAX_SIMPLIFIED_ZOOM).map(|_| OnceLock::new()).collect();
        Self { full, per_zoom }
    }

    /// The shapes for `zoom`: simplified up to [`MAX_SIMPLIFIED_ZOOM`], full above.
    pub fn at(&self, zoom: u8) -> &[G] {
        match self.per_zoom.get(usize::from(zoom)) {
            Some(cell) => cell.get_or_init(|| self.simplify(zoom)),
            None => &self.full,
        }
    }

    /// Simplifies every zoom level now rather than on first use.
    pub fn warm(&self) {
        for zoom in 0..=MAX_SIMPLIFIED_ZOOM.min(MAX_ZOOM) {
            self.at(zoom);
        }
    }

    fn simplify(&self, zoom: u8) -> Vec<G> {
        let unit_m = TileCoord { z: zoom, x: 0, y: 0 }.size_m() / f64::from(EXTENT);
        let tolerance = unit_m * TOLERANCE_UNITS;
        self.full.iter().map(|g| g.simplified(tolerance)).collect()
    }
}
