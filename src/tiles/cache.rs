//! A bounded in-memory tile cache with invalidation by area.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use flate2::Compression;
use flate2::write::GzEncoder;
use geo::{Intersects, Rect};
use moka::sync::Cache;

use super::coord::{BUFFER, TileCoord};

/// A rendered tile: raw and gzip bytes and an ETag. Empty bytes mean an empty tile.
#[derive(Debug)]
pub struct CachedTile {
    /// Data version it was rendered from (set by the cache).
    pub version: u64,
    /// Raw MVT bytes (empty for a tile with no feature).
    pub raw: Vec<u8>,
    /// The same, gzip-compressed (empty when `raw` is).
    pub gzip: Vec<u8>,
    /// Quoted strong ETag of the raw bytes.
    pub etag: String,
}

impl CachedTile {
    /// Wraps rendered bytes (`None` for an empty tile).
    pub fn new(raw: Option<Vec<u8>>) -> Self {
        let raw = raw.unwrap_or_default();
        let gzip = if raw.is_empty() {
            Vec::new()
        } else {
            gzip(&raw)
        };
        let etag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&raw));
        Self {
            version: 0,
            raw,
            gzip,
            etag,
        }
    }

    /// Bytes held, for the cache's size bound: both encodings, the ETag, and what the entry
    /// and its key cost the cache itself (measured: about 600 bytes per entry).
    fn weight(&self, key: &TileKey) -> u32 {
        let held = self.raw.len() + self.gzip.len() + self.etag.len() + key.0.len();
        u32::try_from(held + ENTRY_OVERHEAD).unwrap_or(u32::MAX)
    }
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = GzEncoder::new(Vec::with_capacity(raw.len() / 2), Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(raw);
    encoder.finish().unwrap_or_default()
}

/// Bytes a cache entry costs beyond its tile's bytes.
const ENTRY_OVERHEAD: usize = 640;

/// Key of a cached tile: the layer list as requested and the address.
pub type TileKey = (String, TileCoord);

/// Tiles by layer list and address, bounded by bytes.
///
/// Each tile remembers the data version it was rendered from, and the cache remembers the
/// area of recent edits: a tile rendered from an older version that an edit since has touched
/// is rendered anew even if it was put back by a request that raced the edit.
#[derive(Debug, Clone)]
pub struct TileCache {
    tiles: Option<Cache<TileKey, Arc<CachedTile>>>,
    edits: Arc<Mutex<VecDeque<(u64, Rect)>>>,
}

/// Edit areas remembered; a tile older than all of them is rendered anew.
const REMEMBERED_EDITS: usize = 1024;

impl TileCache {
    /// A cache holding up to `max_bytes`; 0 turns caching off.
    pub fn new(max_bytes: u64) -> Self {
        let tiles = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &TileKey, t: &Arc<CachedTile>| t.weight(key))
                .support_invalidation_closures()
                .build()
        });
        Self {
            tiles,
            edits: Arc::default(),
        }
    }

    /// The cached tile, or the one `render` makes from data `version` (then cached).
    pub fn get_or_render(
        &self,
        key: TileKey,
        version: u64,
        render: impl FnOnce() -> CachedTile,
    ) -> Arc<CachedTile> {
        let stamp = |mut tile: CachedTile| {
            tile.version = version;
            Arc::new(tile)
        };
        let Some(tiles) = &self.tiles else {
            return stamp(render());
        };
        let mut render = Some(render);
        let cached = tiles.get_with(key.clone(), || {
            stamp(render.take().map_or_else(|| CachedTile::new(None), |r| r()))
        });
        match render.take() {
            Some(render) if self.stale(&cached, key.1) => {
                let tile = stamp(render());
                tiles.insert(key, tile.clone());
                tile
            }
            _ => cached,
        }
    }

    /// Whether an edit newer than `tile` touched its area.
    fn stale(&self, tile: &CachedTile, coord: TileCoord) -> bool {
        let edits = self.edits.lock().unwrap_or_else(|e| e.into_inner());
        let Some(oldest) = edits.front() else {
            return false;
        };
        if tile.version + 1 < oldest.0 {
            return true;
        }
        let bounds = coord.bounds_wgs84(BUFFER);
        edits
            .iter()
            .any(|(v, area)| *v > tile.version && bounds.intersects(area))
    }

    /// Records that data version `version` changed `area`, and drops the tiles it touches.
    pub fn invalidate_after(&self, version: u64, area: Rect) {
        {
            let mut edits = self.edits.lock().unwrap_or_else(|e| e.into_inner());
            if edits.len() == REMEMBERED_EDITS {
                edits.pop_front();
            }
            edits.push_back((version, area));
        }
        self.invalidate(area);
    }

    /// Drops every cached tile whose buffered extent meets `area` (WGS84), at once: the next
    /// request for such a tile renders it anew.
    pub fn invalidate(&self, area: Rect) {
        if let Some(tiles) = &self.tiles {
            // The predicate only fails when closures were not enabled, which `new` does.
            let _ = tiles.invalidate_entries_if(move |(_, tile), _| {
                tile.bounds_wgs84(BUFFER).intersects(&area)
            });
        }
    }

    /// Drops every cached tile.
    pub fn invalidate_all(&self) {
        if let Some(tiles) = &self.tiles {
            tiles.invalidate_all();
        }
    }

    /// Number of cached tiles (approximate while writes are pending).
    pub fn len(&self) -> u64 {
        self.tiles.as_ref().map_or(0, |t| {
            t.run_pending_tasks();
            t.entry_count()
        })
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use geo::coord;

    use super::*;

    #[test]
    fn invalidation_drops_exactly_the_tiles_an_area_touches() {
        let cache = TileCache::new(1 << 20);
        // Two zoom-10 tiles far apart: Zhengzhou and Xinyang.
        let zhengzhou = TileCoord::new(10, 835, 406).expect("tile");
        let xinyang = TileCoord::new(10, 841, 421).expect("tile");
        for t in [zhengzhou, xinyang] {
            cache.get_or_render(("grids".into(), t), 0, || {
                CachedTile::new(Some(vec![1, 2, 3]))
            });
        }
        assert_eq!(cache.len(), 2);

        let edit = Rect::new(coord! { x: 113.6, y: 34.7 }, coord! { x: 113.7, y: 34.8 });
        cache.invalidate(edit);

        assert_eq!(cache.len(), 1);
        let rendered = std::cell::Cell::new(false);
        cache.get_or_render(("grids".into(), zhengzhou), 0, || {
            rendered.set(true);
            CachedTile::new(None)
        });
        assert!(rendered.get(), "the touched tile is rendered anew");
    }

    #[test]
    fn a_zero_budget_turns_caching_off() {
        let cache = TileCache::new(0);
        let t = TileCoord::new(0, 0, 0).expect("tile");
        cache.get_or_render(("grids".into(), t), 0, || CachedTile::new(Some(vec![1])));
        assert!(cache.is_empty());
    }
}
