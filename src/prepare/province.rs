//! A province-scale Henan data set for benchmarks, built in memory: every village-level unit
//! of the 2016 code list, about 50,000, not only the 1,643 with coordinates.
//!
//! Pipeline: read the Henan sources as [`super::henan`] does (counties, township stations,
//! villages with coordinates); read every village row of [`super::henan::DIVISIONS_FILE`];
//! place each row without a kept point at a seeded random point inside its county
//! (rejection sampling in the county's bounding box, [`PLACEMENT_SEED`]); then derive grids
//! and generate staff with [`super::build`], as for the shipped sets. Real: counties, codes,
//! names and counts per county. Generated: the placed points, grids, offices and officers.
//! [`replicate`] then makes larger sets from copies of it.
//!
//! It is not shipped in `geodata/` (its grids alone would be tens of megabytes); the gap
//! benchmark (`benches/gaps.rs`) builds it with [`province`].

use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

use geo::{Coord, Point};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use super::henan::{self, DIVISIONS_FILE, current_county_code};
use super::{PrepareError, Prepared, Sources};
use crate::index::PreparedPolygon;
use crate::model::{DatasetMeta, Village, VillageKind};

/// Seed of the placed village points.
pub const PLACEMENT_SEED: u64 = 20_261_205;

/// Tries per village before giving up on a county too thin for its bounding box.
const MAX_TRIES: usize = 10_000;

/// What [`province`] placed and dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProvinceReport {
    /// Village rows in the code list.
    pub rows: usize,
    /// Villages kept at their own (converted) coordinates.
    pub located: usize,
    /// Villages placed at a seeded random point in their county.
    pub placed: usize,
    /// Rows whose county has no polygon (virtual units), or with coordinates outside every
    /// county: dropped.
    pub dropped: usize,
}

#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    name: String,
    level: String,
    adcode: String,
    ur_code: String,
}

/// Builds the province-scale set from the shared data folder.
///
/// # Errors
///
/// When a source file cannot be read or parsed, or grid derivation fails.
pub fn province(shared_data: &Path) -> Result<(Prepared, ProvinceReport), PrepareError> {
    let mut sources = henan::read(shared_data)?;
    let located: HashSet<String> = sources.villages.iter().map(|v| v.id.clone()).collect();
    let mut report = ProvinceReport {
        located: located.len(),
        ..ProvinceReport::default()
    };

    let path = shared_data.join(DIVISIONS_FILE);
    let file = File::open(&path).map_err(|cause| PrepareError::Io {
        path: path.clone(),
        cause,
    })?;
    let mut placer = Placer::new(&sources);
    for row in csv::Reader::from_reader(file).deserialize::<Row>() {
        let row = row.map_err(|e| PrepareError::BadRecord {
            path: path.clone(),
            location: e.position().map_or("?".into(), |p| p.line().to_string()),
            message: e.to_string(),
        })?;
        if row.level != "village" {
            continue;
        }
        report.rows += 1;
        if located.contains(&row.code) {
            continue;
        }
        match placer.place(&row) {
            Some(village) => {
                report.placed += 1;
                placer.placed.push(village);
            }
            None => report.dropped += 1,
        }
    }
    sources.villages.append(&mut placer.placed);

    let prepared = super::build(meta(), sources)?;
    Ok((prepared, report))
}

fn meta() -> DatasetMeta {
    let mut meta = super::sets::DataSet::Henan.meta();
    meta.name = "henan-province".into();
    meta.title = "河南省 Henan, every village (benchmark set)".into();
    meta.attribution = format!(
        "{}; villages without coordinates are placed at seeded random points in their county",
        meta.attribution
    );
    meta.sources.push(format!(
        "villages without coordinates: placed inside their county polygon, seed {PLACEMENT_SEED}"
    ));
    meta
}

/// Seeded placement of villages inside county polygons.
struct Placer {
    rng: ChaCha8Rng,
    counties: Vec<(String, PreparedPolygon)>,
    placed: Vec<Village>,
}

impl Placer {
    fn new(sources: &Sources) -> Self {
        let counties = sources
            .jurisdictions
            .iter()
            .filter_map(|j| Some((j.id.clone(), PreparedPolygon::new(&j.geometry)?)))
            .collect();
        Self {
            rng: ChaCha8Rng::seed_from_u64(PLACEMENT_SEED),
            counties,
            placed: Vec::new(),
        }
    }

    /// A village for `row` at a random point of its county; `None` without such a county.
    fn place(&mut self, row: &Row) -> Option<Village> {
        let county = current_county_code(&row.adcode);
        let (id, shape) = self.counties.iter().find(|(id, _)| id == county)?;
        let bounds = shape.bounds();
        let point = (0..MAX_TRIES).find_map(|_| {
            let p = Coord {
                x: self.rng.random_range(bounds.min().x..=bounds.max().x),
                y: self.rng.random_range(bounds.min().y..=bounds.max().y),
            };
            shape.contains(p).then_some(p)
        })?;
        let kind = if row.ur_code.starts_with('1') {
            VillageKind::UrbanCommunity
        } else {
            VillageKind::Village
        };
        Some(Village {
            id: row.code.clone(),
            code: Some(row.code.clone()),
            name: row.name.clone(),
            kind,
            point: Point(point),
            polygon: None,
            population: None,
            jurisdiction_id: id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture::{jurisdiction, rect};

    fn row(code: &str, adcode: &str, ur_code: &str) -> Row {
        Row {
            code: code.into(),
            name: code.into(),
            level: "village".into(),
            adcode: adcode.into(),
            ur_code: ur_code.into(),
        }
    }

    fn placer() -> Placer {
        let sources = Sources {
            jurisdictions: vec![jurisdiction("410101", rect(113.0, 34.0, 113.5, 34.2))],
            ..Sources::default()
        };
        Placer::new(&sources)
    }

    #[test]
    fn places_villages_inside_their_county_reproducibly() {
        let (mut first, mut second) = (placer(), placer());
        for i in 0..50 {
            let r = row(&format!("4101010010{i:02}"), "410101", "220");
            let a = first.place(&r).expect("a county");
            let b = second.place(&r).expect("a county");
            assert_eq!(a.point, b.point, "same seed, same point");
            assert!((113.0..=113.5).contains(&a.point.x()) && (34.0..=34.2).contains(&a.point.y()));
            assert_eq!(
                (a.jurisdiction_id.as_str(), a.kind),
                ("410101", VillageKind::Village)
            );
        }
        let urban = first
            .place(&row("410101001100", "410101", "111"))
            .expect("a county");
        assert_eq!(urban.kind, VillageKind::UrbanCommunity);
        assert!(first.place(&row("410199001001", "410199", "220")).is_none());
    }
}
