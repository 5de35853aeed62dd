//! The Andorra OSM reader against the real 2013 extract in `shared/data/osm/`.
//!
//! The data directory is `$GRIDBEAT_SHARED_DATA`, by default `../shared/data` beside the crate.
//! The expected numbers are what the extract really holds: it is partial, and two outer
//! ways of Canillo's boundary are missing, so Canillo and its villages (Soldeu, El Tarter,
//! ...) are left out and six of the seven parishes remain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use geo::winding_order::{Winding, WindingOrder};
use geo::{Contains, Validation};
use gridbeat::model::{Jurisdiction, VillageKind};
use gridbeat::prepare::andorra;
use gridbeat::prepare::{PrepareError, Sources};

fn shared_data() -> PathBuf {
    let default = || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    std::env::var_os("GRIDBEAT_SHARED_DATA").map_or_else(default, PathBuf::from)
}

fn extract() -> PathBuf {
    shared_data().join("osm/andorra-20130528.osm.pbf")
}

static SOURCES: LazyLock<Sources> =
    LazyLock::new(|| andorra::read(&extract()).expect("the Andorra extract reads"));

fn parish<'a>(sources: &'a Sources, name: &str) -> &'a Jurisdiction {
    let found = sources.jurisdictions.iter().find(|j| j.name == name);
    found.unwrap_or_else(|| panic!("parish {name} is present"))
}

#[test]
fn six_of_seven_parishes_close() {
    let mut names: Vec<&str> = SOURCES
        .jurisdictions
        .iter()
        .map(|j| j.name.as_str())
        .collect();
    names.sort_unstable();

    assert_eq!(
        names,
        [
            "Andorra la Vella",
            "Encamp",
            "Escaldes-Engordany",
            "La Massana",
            "Ordino",
            "Sant Julià de Lòria",
        ]
    );
}

#[test]
fn parish_ids_fall_back_to_the_relation_id() {
    // The 2013 parish relations carry neither `ref` nor `ISO3166-2`.
    let ordino = parish(&SOURCES, "Ordino");
    assert_eq!(ordino.id, "AD-r2804758");
    assert_eq!(ordino.code, "r2804758");
}

#[test]
fn parish_areas_are_closed_valid_and_oriented() {
    for jurisdiction in &SOURCES.jurisdictions {
        let geometry = &jurisdiction.geometry;
        assert!(
            geometry.is_valid(),
            "{}: {:?}",
            jurisdiction.name,
            geometry.check_validation()
        );

        for polygon in geometry {
            assert!(polygon.exterior().is_closed(), "{}", jurisdiction.name);
            let exterior = polygon.exterior().winding_order();
            assert_eq!(
                exterior,
                Some(WindingOrder::CounterClockwise),
                "{}",
                jurisdiction.name
            );
            for interior in polygon.interiors() {
                assert!(interior.is_closed(), "{}", jurisdiction.name);
                assert_eq!(interior.winding_order(), Some(WindingOrder::Clockwise));
            }
        }
    }
}

#[test]
fn villages_by_kind() {
    let mut kinds = BTreeMap::new();
    for village in &SOURCES.villages {
        *kinds.entry(village.kind.as_str()).or_insert(0) += 1;
    }

    assert_eq!(SOURCES.villages.len(), 49);
    let expected = [
        ("hamlet", 16),
        ("neighbourhood", 1),
        ("town", 6),
        ("village", 26),
    ];
    assert_eq!(kinds, BTreeMap::from(expected));
}

#[test]
fn ordino_lies_in_ordino_and_soldeu_is_gone_with_canillo() {
    let ordino = SOURCES
        .villages
        .iter()
        .find(|v| v.name == "Ordino")
        .expect("Ordino");

    assert_eq!(ordino.id, "n58963219");
    assert_eq!(ordino.kind, VillageKind::Town);
    assert_eq!(ordino.jurisdiction_id, parish(&SOURCES, "Ordino").id);
    assert!(!SOURCES.villages.iter().any(|v| v.name == "Soldeu"));
}

#[test]
fn village_points_are_lon_lat_inside_their_parish() {
    for village in &SOURCES.villages {
        let (lon, lat) = village.point.x_y();
        assert!(
            (1.40..1.80).contains(&lon) && (42.40..42.70).contains(&lat),
            "{}",
            village.name
        );

        let home = SOURCES
            .jurisdictions
            .iter()
            .find(|j| j.id == village.jurisdiction_id);
        let home = home.unwrap_or_else(|| panic!("{} has a known parish", village.name));
        assert!(
            home.geometry.contains(&village.point),
            "{} in {}",
            village.name,
            home.name
        );
    }
}

#[test]
fn population_is_read_where_tagged() {
    let capital = SOURCES
        .villages
        .iter()
        .find(|v| v.name == "Andorra la Vella");
    let capital = capital.expect("Andorra la Vella");

    assert_eq!(capital.population, Some(24_678));
    assert_eq!(
        capital.jurisdiction_id,
        parish(&SOURCES, "Andorra la Vella").id
    );
}

#[test]
fn both_police_objects_are_stations_in_escaldes() {
    let escaldes = &parish(&SOURCES, "Escaldes-Engordany").id;
    let stations: Vec<(&str, &str, Option<&String>)> = SOURCES
        .stations
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str(), s.jurisdiction_id.as_ref()))
        .collect();

    // The node and the building outline are the same station, mapped twice.
    assert_eq!(
        stations,
        [
            ("n1289448942", "Policia Andorrana", Some(escaldes)),
            ("w30772650", "Police", Some(escaldes))
        ]
    );
}

#[test]
fn routable_roads() {
    // 1,615 highway ways, less 5 `road`, 2 `bridleway` and 2 `construction`.
    assert_eq!(SOURCES.roads.len(), 1606);

    for road in &SOURCES.roads {
        assert!(road.line.0.len() >= 2, "way {}", road.osm_id);
        assert_eq!(
            road.node_ids.len(),
            road.line.0.len(),
            "way {}",
            road.osm_id
        );
    }
    let primary = SOURCES
        .roads
        .iter()
        .filter(|r| r.highway == "primary")
        .count();
    assert_eq!(primary, 309);
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("gridbeat-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("the temp dir is writable");
    path
}

fn assert_names(error: &PrepareError, path: &Path) {
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let path = shared_data().join("osm/no-such-extract.osm.pbf");
    let error = andorra::read(&path).expect_err("missing file");

    assert!(
        matches!(&error, PrepareError::Io { path: p, .. } if p == &path),
        "{error}"
    );
    assert_names(&error, &path);
}

#[test]
fn text_file_is_not_pbf() {
    let path = temp_file(
        "not-a.osm.pbf",
        b"<?xml version='1.0'?>\n<osm version='0.6'/>\n",
    );
    let error = andorra::read(&path).expect_err("text file");
    std::fs::remove_file(&path).ok();

    assert!(
        matches!(&error, PrepareError::Pbf { path: p, .. } if p == &path),
        "{error}"
    );
    assert_names(&error, &path);
}
