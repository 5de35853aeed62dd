//! The Henan source reader on the real shared data: counts, names and placements.

use std::collections::HashSet;
use std::path::PathBuf;

use geo::{Contains, Intersects};
use gridbeat::model::{DatasetMeta, VillageKind};
use gridbeat::prepare;
use gridbeat::prepare::henan::{self, HenanReport};
use gridbeat::prepare::sets::DataSet;

/// The shared data folder: `GRIDBEAT_SHARED_DATA`, or `../shared/data` beside the crate.
fn shared_data() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data").into())
}

#[test]
fn reads_the_real_henan_sources() {
    let (sources, report) = henan::read_with_report(&shared_data()).expect("Henan sources read");
    eprintln!("{report:?}");

    assert_eq!(sources.jurisdictions.len(), 157);
    assert_eq!(sources.stations.len(), 1_952);
    assert_eq!(sources.villages.len(), report.villages_kept());
    assert!(sources.roads.is_empty());
    assert_eq!(
        report,
        HenanReport {
            stations: 1_952,
            stations_outside: 0,
            stations_moved: 5,
            villages_read: 1_643,
            villages_dropped: 0,
            villages_moved: 6,
        }
    );

    // Every point lies inside the province, so nothing is dropped; at least 99 % must be kept.
    assert!(report.villages_kept() * 100 >= report.villages_read * 99);
}

#[test]
fn lankao_is_a_jurisdiction_with_its_stations_and_villages() {
    let sources = henan::read(&shared_data()).expect("Henan sources read");
    let lankao = sources
        .jurisdictions
        .iter()
        .find(|j| j.id == "410225")
        .expect("Lankao");
    assert_eq!(lankao.code, "410225");
    assert_eq!(lankao.name, "兰考县");
    assert_eq!(
        lankao
            .geometry
            .0
            .iter()
            .map(|p| p.exterior().0.len())
            .sum::<usize>(),
        697
    );

    // The README's GCJ-02 bbox starts at 114.6906 E; WGS84 lies about 0.006° further west.
    let west = lankao
        .geometry
        .iter()
        .flat_map(|p| p.exterior().0.iter())
        .map(|c| c.x);
    let west = west.fold(f64::INFINITY, f64::min);
    approx::assert_abs_diff_eq!(west, 114.6906 - 0.0060, epsilon = 0.0005);

    let station = sources
        .stations
        .iter()
        .find(|s| s.id == "410225102000")
        .expect("Nanzhang");
    assert_eq!(station.name, "南彰镇派出所");
    assert_eq!(station.jurisdiction_id.as_deref(), Some("410225"));

    let village = sources
        .villages
        .iter()
        .find(|v| v.id == "410225102207")
        .expect("Lijiatan");
    assert_eq!(village.name, "李家滩村委会");
    assert_eq!(village.code.as_deref(), Some("410225102207"));
    assert_eq!(village.kind, VillageKind::Village);
    assert_eq!(village.jurisdiction_id, "410225");
    assert!(lankao.geometry.contains(&village.point));
}

#[test]
fn every_placement_is_consistent() {
    let sources = henan::read(&shared_data()).expect("Henan sources read");
    let ids: HashSet<_> = sources
        .jurisdictions
        .iter()
        .map(|j| j.id.as_str())
        .collect();
    let county = |id: &str| sources.jurisdictions.iter().find(|j| j.id == id);

    for village in &sources.villages {
        let j = county(&village.jurisdiction_id).expect("known jurisdiction");
        assert!(j.geometry.intersects(&village.point), "{}", village.id);
        assert!(village.polygon.is_none() && village.population.is_none());
    }
    for station in &sources.stations {
        let Some(id) = &station.jurisdiction_id else {
            continue;
        };
        assert!(ids.contains(id.as_str()), "{}", station.id);
        assert!(station.name.ends_with("派出所"));
    }

    // ur_code 1xx: 457 + 145 + 199 + 206 + 6; 2xx: 575 + 55 (rows with coordinates).
    let urban = sources
        .villages
        .iter()
        .filter(|v| v.kind == VillageKind::UrbanCommunity);
    assert_eq!(urban.count(), 1_013);
    let rural = sources
        .villages
        .iter()
        .filter(|v| v.kind == VillageKind::Village);
    assert_eq!(rural.count(), 630);
}

#[test]
fn sources_pass_the_model_checks() {
    let sources = henan::read(&shared_data()).expect("Henan sources read");
    let meta = DatasetMeta {
        seed: 1,
        ..DataSet::Henan.meta()
    };
    let prepared = prepare::build(meta, sources).expect("unique ids, resolvable references");
    assert_eq!(prepared.dataset.villages.len(), 1_643);
}
