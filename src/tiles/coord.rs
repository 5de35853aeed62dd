//! Tile addresses (XYZ, y down) and their extents in Web Mercator and WGS84.

use geo::{Coord, Rect, coord};

use crate::crs::mercator::{HALF_WORLD_M, web_mercator_to_wgs84, wgs84_to_web_mercator};

/// Highest zoom served.
pub const MAX_ZOOM: u8 = 22;
/// Tile coordinate units per tile side (MVT extent).
pub const EXTENT: u32 = 4096;
/// Clip buffer around each tile, in tile units.
pub const BUFFER: f64 = 64.0;

/// A tile address, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileCoord {
    /// Zoom level, 0..=22.
    pub z: u8,
    /// Column, 0..2^z, west to east.
    pub x: u32,
    /// Row, 0..2^z, north to south.
    pub y: u32,
}

/// A tile address that does not exist.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("tile {z}/{x}/{y} does not exist: zoom must be 0..={MAX_ZOOM}, x and y 0..2^zoom")]
pub struct BadTile {
    /// Requested zoom.
    pub z: u32,
    /// Requested column.
    pub x: u32,
    /// Requested row.
    pub y: u32,
}

impl TileCoord {
    /// Checks and builds a tile address.
    ///
    /// # Errors
    ///
    /// When the zoom is above [`MAX_ZOOM`] or x or y is outside `0..2^z`.
    pub fn new(z: u32, x: u32, y: u32) -> Result<Self, BadTile> {
        let bad = BadTile { z, x, y };
        let z8 = u8::try_from(z)
            .ok()
            .filter(|z| *z <= MAX_ZOOM)
            .ok_or(bad.clone())?;
        let n = 1u64 << z8;
        if u64::from(x) >= n || u64::from(y) >= n {
            return Err(bad);
        }
        Ok(Self { z: z8, x, y })
    }

    /// Side of this tile in Web Mercator metres.
    pub fn size_m(self) -> f64 {
        2.0 * HALF_WORLD_M / f64::from(1u32 << self.z)
    }

    /// This tile's extent in Web Mercator metres.
    pub fn bounds_3857(self) -> Rect {
        let size = self.size_m();
        let min_x = -HALF_WORLD_M + f64::from(self.x) * size;
        let max_y = HALF_WORLD_M - f64::from(self.y) * size;
        Rect::new(
            coord! { x: min_x, y: max_y - size },
            coord! { x: min_x + size, y: max_y },
        )
    }

    /// This tile's extent plus `buffer` tile units on each side, in WGS84 degrees.
    pub fn bounds_wgs84(self, buffer: f64) -> Rect {
        let b = self.bounds_3857();
        let pad = buffer / f64::from(EXTENT) * self.size_m();
        let (w, s) = web_mercator_to_wgs84(b.min().x - pad, b.min().y - pad);
        let (e, n) = web_mercator_to_wgs84(b.max().x + pad, b.max().y + pad);
        Rect::new(coord! { x: w, y: s }, coord! { x: e, y: n })
    }

    /// Every tile of zoom `z` that touches `bbox` (WGS84).
    pub fn covering(z: u8, bbox: Rect) -> impl Iterator<Item = TileCoord> {
        let n = 1u32 << z;
        let column = move |lon: f64| {
            let (x, _) = wgs84_to_web_mercator(lon, 0.0);
            (((x + HALF_WORLD_M) / (2.0 * HALF_WORLD_M) * f64::from(n)) as u32).min(n - 1)
        };
        let row = move |lat: f64| {
            let (_, y) = wgs84_to_web_mercator(0.0, lat);
            (((HALF_WORLD_M - y) / (2.0 * HALF_WORLD_M) * f64::from(n)) as u32).min(n - 1)
        };
        let (x0, x1) = (column(bbox.min().x), column(bbox.max().x));
        let (y0, y1) = (row(bbox.max().y), row(bbox.min().y));
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| TileCoord { z, x, y }))
    }
}

/// Maps Web Mercator metres to one tile's units (x east, y down, 0..4096 inside the tile).
#[derive(Debug, Clone, Copy)]
pub struct TileTransform {
    origin: Coord,
    scale: f64,
}

impl TileTransform {
    /// The transform of `tile`.
    pub fn new(tile: TileCoord) -> Self {
        let b = tile.bounds_3857();
        Self {
            origin: coord! { x: b.min().x, y: b.max().y },
            scale: f64::from(EXTENT) / tile.size_m(),
        }
    }

    /// A Web Mercator point in tile units.
    #[inline]
    pub fn apply(self, c: Coord) -> Coord {
        coord! { x: (c.x - self.origin.x) * self.scale, y: (self.origin.y - c.y) * self.scale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked() {
        assert!(TileCoord::new(0, 0, 0).is_ok());
        assert!(TileCoord::new(1, 2, 0).is_err());
        assert!(TileCoord::new(23, 0, 0).is_err());
        assert!(TileCoord::new(22, (1 << 22) - 1, 0).is_ok());
    }

    #[test]
    fn zhengzhou_lies_in_its_zoom_10_tile() {
        // 113.65 E, 34.75 N is in tile 10/835/406.
        let tiles: Vec<_> = TileCoord::covering(
            10,
            Rect::new(
                coord! { x: 113.65, y: 34.75 },
                coord! { x: 113.65, y: 34.75 },
            ),
        )
        .collect();
        assert_eq!(
            tiles,
            [TileCoord {
                z: 10,
                x: 835,
                y: 406
            }]
        );
        let b = tiles[0].bounds_wgs84(0.0);
        assert!(b.min().x <= 113.65 && 113.65 <= b.max().x);
        assert!(b.min().y <= 34.75 && 34.75 <= b.max().y);
    }
}
