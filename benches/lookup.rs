//! Point lookups on the shipped Henan set, single-threaded.
//!
//! `grid_locate` is the raster fast path with the R-tree and exact point-in-polygon behind it;
//! `grid_locate_exact` skips the raster; `responsible_at` adds the
//! joins to village, jurisdiction, officers, office and station (no allocation). Points are
//! seeded-random over the province's bounding box, so some fall outside every county.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geo::Coord;
use gridbeat::atlas::Atlas;
use gridbeat::index::SpatialIndex;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const POINTS: usize = 100_000;

fn points(atlas: &Atlas) -> Vec<Coord> {
    let extent = SpatialIndex::extent(&atlas.dataset).expect("extent");
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..POINTS)
        .map(|_| Coord {
            x: rng.random_range(extent.min().x..extent.max().x),
            y: rng.random_range(extent.min().y..extent.max().y),
        })
        .collect()
}

fn lookups(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/henan");
    let atlas = Atlas::load(&dir).expect("geodata/henan");
    let points = points(&atlas);

    let mut group = c.benchmark_group("henan");
    group.throughput(Throughput::Elements(POINTS as u64));
    group.bench_function("grid_locate", |b| {
        b.iter(|| {
            points
                .iter()
                .filter_map(|&p| atlas.index.grids.locate(p))
                .count()
        })
    });
    group.bench_function("grid_locate_exact", |b| {
        b.iter(|| {
            points
                .iter()
                .filter_map(|&p| atlas.index.grids.locate_exact(p))
                .count()
        })
    });
    group.bench_function("responsible_at", |b| {
        b.iter(|| {
            points
                .iter()
                .filter_map(|&p| atlas.responsible_at(p).office())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
