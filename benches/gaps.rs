//! The full gap report (unassigned, distance, partition, workload and coverage rates) on the
//! province-scale Henan set, at 1×, 4× and 16× its size, and its gap vector tiles at 1×.
//!
//! The 1× set is built in memory by `gridbeat::prepare::province::province` from
//! `../shared/data` (or `GRIDBEAT_SHARED_DATA`): every village of the 2016 code list, those
//! without coordinates placed in their county from a fixed seed, grids and staff generated as
//! for the shipped sets. 4× and 16× are side-by-side copies (`prepare::replicate`).
//! `GRIDBEAT_BENCH_COPIES=1,4` limits the sizes. Before each size's timing, one report is run
//! alone and its peak memory printed to stderr: the process's peak resident set (VmHWM,
//! reset through `/proc/self/clear_refs`) over the resident set before it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gridbeat::atlas::Atlas;
use gridbeat::gaps::report::{Settings, coverage_json, full_report, gap_report};
use gridbeat::gaps::{GapKind, Links, Scope};
use gridbeat::prepare::{province, replicate};
use gridbeat::siting::{self, Candidates, Goal, SitingRequest, Weight};
use gridbeat::tiles::{Overlay, TileCoord};

fn shared_data() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"))
}

fn copies() -> Vec<usize> {
    let wanted = std::env::var("GRIDBEAT_BENCH_COPIES").unwrap_or_else(|_| "1,4,16".into());
    wanted
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect()
}

/// A field of /proc/self/status in kB.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn full_reports(c: &mut Criterion) {
    let started = Instant::now();
    let (base, placed) = province::province(&shared_data()).expect("shared data");
    eprintln!(
        "province set: {} villages ({} located, {} placed, {} dropped), {} grids, {} officers; \
         built in {:.1} s",
        base.dataset.villages.len(),
        placed.located,
        placed.placed,
        placed.dropped,
        base.dataset.grids.len(),
        base.dataset.officers.len(),
        started.elapsed().as_secs_f64()
    );

    let settings = Settings::default();
    let mut group = c.benchmark_group("gaps");
    group.sample_size(10).warm_up_time(Duration::from_millis(1));
    for n in copies() {
        let atlas = Atlas::new(replicate::replicate(&base.dataset, n).expect("copies"));

        let rss_kb = status_kb("VmRSS:");
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let once = Instant::now();
        let report = full_report(&atlas, &settings).expect("report");
        let seconds = once.elapsed().as_secs_f64();
        let features: usize = report.gaps.iter().map(|g| g.features.len()).sum();
        eprintln!(
            "{n}x: {} villages, {} grids: one report {seconds:.2} s, {features} features, \
             peak {} MB over {} MB resident",
            atlas.dataset.villages.len(),
            atlas.dataset.grids.len(),
            status_kb("VmHWM:").saturating_sub(rss_kb) / 1024,
            rss_kb / 1024
        );
        drop(report);
        eprintln!("{n}x: one report by kind: {}", by_kind(&atlas, &settings));
        if n == 1 {
            eprintln!("1x: siting, once: {}", siting_once(&atlas));
            gap_tiles(&mut group, &atlas, &settings);
        }

        group.measurement_time(Duration::from_secs_f64((seconds * 12.0).max(2.0)));
        group.bench_function(format!("full_report_{n}x"), |b| {
            b.iter(|| full_report(&atlas, &settings).expect("report"))
        });
    }
    group.finish();
}

/// Gap vector tiles of the 1× set: the overlay of each kind built once (timed), then every
/// zoom-8 tile over the province cut from it, and one zoom-12 tile in its busiest corner.
fn gap_tiles(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    atlas: &Atlas,
    settings: &Settings,
) {
    let links = Links::new(atlas);
    for kind in [GapKind::Unassigned, GapKind::Distance, GapKind::Workload] {
        let report = gap_report(atlas, &links, kind, settings).expect("report");
        let started = Instant::now();
        let overlay = Overlay::new(kind.as_str(), &report.features);
        let built = started.elapsed().as_secs_f64();
        let bounds = overlay.bounds_wgs84().expect("gaps to draw");
        let tiles: Vec<TileCoord> = TileCoord::covering(8, bounds).collect();
        let bytes: usize = tiles
            .iter()
            .filter_map(|&t| overlay.render(t))
            .map(|b| b.len())
            .sum();
        eprintln!(
            "1x: {} gap tiles: {} features, overlay built in {:.1} ms; {} z8 tiles, {} kB",
            kind.as_str(),
            overlay.len(),
            built * 1e3,
            tiles.len(),
            bytes / 1024
        );
        group.measurement_time(Duration::from_secs(3));
        group.bench_function(format!("gap_tiles_{}_all_z8", kind.as_str()), |b| {
            b.iter(|| tiles.iter().filter_map(|&t| overlay.render(t)).count())
        });
    }
}

/// Seconds each part of the report takes alone, once.
fn by_kind(atlas: &Atlas, settings: &Settings) -> String {
    let started = Instant::now();
    let links = Links::new(atlas);
    let mut parts = vec![format!("links {:.2} s", started.elapsed().as_secs_f64())];
    for kind in GapKind::ALL {
        let started = Instant::now();
        gap_report(atlas, &links, kind, settings).expect("report");
        parts.push(format!(
            "{} {:.2} s",
            kind.as_str(),
            started.elapsed().as_secs_f64()
        ));
    }
    let started = Instant::now();
    coverage_json(atlas, &links, settings.scope);
    parts.push(format!("coverage {:.2} s", started.elapsed().as_secs_f64()));
    parts.join(", ")
}

/// One cover-all (workstations, 5 km) and one best-100 (villages, 5 km) siting, timed.
fn siting_once(atlas: &Atlas) -> String {
    let mut request = SitingRequest {
        goal: Goal::CoverAll,
        k: None,
        radius_km: 5.0,
        candidates: Candidates::Workstations,
        weight: Weight::Villages,
        scope: Scope::ALL,
    };
    let started = Instant::now();
    let cover = siting::site(atlas, &request).expect("siting");
    let cover_s = started.elapsed().as_secs_f64();
    (request.goal, request.k, request.candidates) = (Goal::BestK, Some(100), Candidates::Villages);
    let started = Instant::now();
    let best = siting::site(atlas, &request).expect("siting");
    format!(
        "cover_all {cover_s:.2} s ({} in need, {} sites, lower bound {:?}); \
         best_100 {:.2} s (reached {} of {}, upper bound {:.0})",
        cover.weight_needed,
        cover.sites.len(),
        cover.lower_bound,
        started.elapsed().as_secs_f64(),
        best.weight_reached,
        best.weight_needed,
        best.upper_bound.unwrap_or(f64::NAN)
    )
}

criterion_group!(benches, full_reports);
criterion_main!(benches);
