//! Small hand-made data sets with answers known by hand, for the gap tests.
//!
//! The "two counties" set, near the equator (0.01° ≈ 1.1 km):
//!
//! ```text
//!  lat 0.02 +----------+----------++------------+---+--------+···
//!           | G1 (P1)  |  hole    || G3 (P2)    |ov | G4(P2) | outside J2
//!  lat 0.01 | V1  V5   +----------+|  V3        |   |  V4    |
//!           |          | G2 (A1)  ||            |   |        |
//!  lat 0    +----------+----------++------------+---+--------+···
//!           0         0.01       0.02 0.02001   0.03 0.035  0.04  0.045
//! ```
//!
//! J1 = [0, 0.02]², J2 = [0.02, 0.04] × [0, 0.02]. G2 has only an auxiliary; G3 starts at
//! 0.02001, leaving a sliver strip; G3 and G4 overlap on [0.03, 0.035]; G4 reaches 0.005°
//! outside J2. P3 is a community officer without grids; office O3 has no officers.

use geo::{MultiPolygon, Point, polygon};

use crate::atlas::Atlas;
use crate::model::{
    Dataset, DatasetMeta, Grid, Jurisdiction, Layers, Office, Officer, Role, Station, Village,
    VillageKind,
};

/// A lon/lat rectangle as a MultiPolygon.
pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon {
    MultiPolygon(vec![polygon![
        (x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1),
    ]])
}

/// Area in m² of a lon/lat rectangle on a sphere of mean Earth radius, an estimate
/// independent of the geodesic code (they differ by under 0.5 %).
pub fn sphere_rect_m2(x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    let r = super::sphere::EARTH_RADIUS_M;
    r * r * (x1 - x0).to_radians() * (y1.to_radians().sin() - y0.to_radians().sin())
}

pub fn jurisdiction(id: &str, geometry: MultiPolygon) -> Jurisdiction {
    Jurisdiction {
        id: id.into(),
        code: id.into(),
        name: id.into(),
        geometry,
    }
}

pub fn village(id: &str, j: &str, x: f64, y: f64, population: Option<u64>) -> Village {
    Village {
        id: id.into(),
        code: None,
        name: id.into(),
        kind: VillageKind::Village,
        point: Point::new(x, y),
        polygon: None,
        population,
        jurisdiction_id: j.into(),
    }
}

pub fn grid(id: &str, village: Option<&str>, j: &str, geometry: MultiPolygon) -> Grid {
    Grid {
        id: id.into(),
        code: id.into(),
        village_id: village.map(Into::into),
        jurisdiction_id: j.into(),
        geometry,
    }
}

pub fn station(id: &str, j: &str, x: f64, y: f64) -> Station {
    Station {
        id: id.into(),
        name: id.into(),
        point: Point::new(x, y),
        jurisdiction_id: Some(j.into()),
    }
}

pub fn office(id: &str, station: &str, x: f64, y: f64) -> Office {
    Office {
        id: id.into(),
        name: id.into(),
        point: Point::new(x, y),
        station_id: station.into(),
    }
}

pub fn officer(id: &str, role: Role, office: &str, grids: &[&str]) -> Officer {
    Officer {
        id: id.into(),
        name: id.into(),
        role,
        office_id: office.into(),
        grid_ids: grids.iter().map(|&g| g.into()).collect(),
    }
}

pub fn meta() -> DatasetMeta {
    DatasetMeta {
        name: "fixture".into(),
        title: "hand-made".into(),
        attribution: "none".into(),
        sources: Vec::new(),
        language: "en".into(),
        seed: 1,
    }
}

/// Checks and indexes `layers`.
pub fn atlas(layers: Layers) -> Atlas {
    Atlas::new(Dataset::new(meta(), layers).expect("a consistent fixture"))
}

/// The layers of the "two counties" set (see the module docs).
pub fn two_counties_layers() -> Layers {
    use Role::{Auxiliary, Community};
    Layers {
        jurisdictions: vec![
            jurisdiction("J1", rect(0.0, 0.0, 0.02, 0.02)),
            jurisdiction("J2", rect(0.02, 0.0, 0.04, 0.02)),
        ],
        stations: vec![
            station("S1", "J1", 0.005, 0.005),
            station("S2", "J2", 0.03, 0.01),
        ],
        offices: vec![
            office("O1", "S1", 0.005, 0.005),
            office("O2", "S2", 0.035, 0.01),
            office("O3", "S2", 0.03, 0.015),
        ],
        workstations: Vec::new(),
        villages: vec![
            village("V1", "J1", 0.005, 0.015, Some(100)),
            village("V2", "J1", 0.015, 0.005, Some(200)),
            village("V3", "J2", 0.025, 0.01, Some(300)),
            village("V4", "J2", 0.0375, 0.01, Some(50)),
            village("V5", "J1", 0.002, 0.002, None),
        ],
        grids: vec![
            grid("G1", Some("V1"), "J1", rect(0.0, 0.0, 0.01, 0.02)),
            grid("G2", Some("V2"), "J1", rect(0.01, 0.0, 0.02, 0.01)),
            grid("G3", Some("V3"), "J2", rect(0.02001, 0.0, 0.035, 0.02)),
            grid("G4", Some("V4"), "J2", rect(0.03, 0.0, 0.045, 0.02)),
        ],
        officers: vec![
            officer("P1", Community, "O1", &["G1"]),
            officer("P2", Community, "O2", &["G3", "G4"]),
            officer("P3", Community, "O2", &[]),
            officer("A1", Auxiliary, "O1", &["G2"]),
        ],
    }
}

/// The "two counties" set.
pub fn two_counties() -> Atlas {
    atlas(two_counties_layers())
}

/// One county [0, 0.04] × [0, 0.01] of four equal grids Ga..Gd with one village each (Vd has
/// population 400, the rest 100): Q1 has Ga, Q2 has Gb, Q3 has Gc and Gd. Villages per
/// officer are 1, 1, 2 with median 1; Q3 has twice the median of everything.
pub fn row_of_four() -> Atlas {
    use Role::Community;
    let ids = ["a", "b", "c", "d"];
    let x = |i: usize| i as f64 * 0.01;
    let villages = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let population = if *id == "d" { 400 } else { 100 };
            village(
                &format!("V{id}"),
                "J",
                x(i) + 0.005,
                0.005,
                Some(population),
            )
        })
        .collect();
    let grids = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let shape = rect(x(i), 0.0, x(i + 1), 0.01);
            grid(&format!("G{id}"), Some(&format!("V{id}")), "J", shape)
        })
        .collect();
    atlas(Layers {
        jurisdictions: vec![jurisdiction("J", rect(0.0, 0.0, 0.04, 0.01))],
        stations: vec![station("S", "J", 0.02, 0.005)],
        offices: vec![office("O", "S", 0.02, 0.005)],
        workstations: Vec::new(),
        villages,
        grids,
        officers: vec![
            officer("Q1", Community, "O", &["Ga"]),
            officer("Q2", Community, "O", &["Gb"]),
            officer("Q3", Community, "O", &["Gc", "Gd"]),
        ],
    })
}
