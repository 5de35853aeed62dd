//! Vector tile rendering on the shipped Henan set: tiles per second and p50/p99 latency per
//! zoom, with the tile cache off and on.
//!
//! The tile list is every tile of zoom 6 to 14 whose area meets a Henan county's bounding box,
//! sampled evenly to at most `PER_ZOOM` per zoom. Each tile holds every layer the web map
//! draws. "Cache off" renders each tile; "cache on" serves it from a warmed cache (including
//! the cache lookup). Run: `cargo bench --bench tiles`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gridbeat::atlas::Atlas;
use gridbeat::index::SpatialIndex;
use gridbeat::tiles::{CachedTile, TileCache, TileCoord, TileLayer, TileSource};

const PER_ZOOM: usize = 400;
const LAYERS: &str = "jurisdictions,grids,villages,stations,offices,officers";

fn tile_list(atlas: &Atlas, zoom: u8) -> Vec<TileCoord> {
    let extent = SpatialIndex::extent(&atlas.dataset).expect("extent");
    let all: Vec<TileCoord> = TileCoord::covering(zoom, extent)
        .filter(|t| {
            !atlas
                .index
                .jurisdictions
                .in_bbox(t.bounds_wgs84(0.0))
                .is_empty()
        })
        .collect();
    let step = all.len().div_ceil(PER_ZOOM).max(1);
    all.into_iter().step_by(step).collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(label: &str, zoom: u8, mut times: Vec<Duration>, bytes: usize) {
    times.sort_unstable();
    let total: Duration = times.iter().sum();
    let per_second = times.len() as f64 / total.as_secs_f64();
    println!(
        "| {zoom} | {label} | {} | {:.0} | {:.3} | {:.3} | {:.3} | {} |",
        times.len(),
        per_second,
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        bytes / times.len().max(1),
    );
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/henan");
    let atlas = Arc::new(Atlas::load(&dir).expect("geodata/henan"));
    let source = TileSource::new(atlas.clone());
    let started = Instant::now();
    source.warm();
    println!(
        "generalisation of every zoom: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let layers: Vec<TileLayer> = source.parse_layers(LAYERS).expect("layers");
    let cache = TileCache::new(1 << 30);

    println!("| zoom | cache | tiles | tiles/s | p50 ms | p99 ms | max ms | mean bytes |");
    println!("|---|---|---|---|---|---|---|---|");
    for zoom in 6..=14 {
        let tiles = tile_list(&atlas, zoom);

        let mut times = Vec::with_capacity(tiles.len());
        let mut bytes = 0;
        for &t in &tiles {
            let start = Instant::now();
            let tile = CachedTile::new(source.render(&layers, t));
            times.push(start.elapsed());
            bytes += tile.raw.len();
        }
        report("off", zoom, times, bytes);

        for &t in &tiles {
            cache.get_or_render((LAYERS.to_owned(), t), 0, || {
                CachedTile::new(source.render(&layers, t))
            });
        }
        let times = tiles
            .iter()
            .map(|&t| {
                let start = Instant::now();
                let tile = cache.get_or_render((LAYERS.to_owned(), t), 0, || CachedTile::new(None));
                std::hint::black_box(tile.raw.len());
                start.elapsed()
            })
            .collect();
        report("on", zoom, times, bytes);
    }
}
