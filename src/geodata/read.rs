//! Reading a prepared data set folder into a checked [`Dataset`].

use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use geo::{LineString, MultiPolygon, Point, Polygon};
use geojson::{FeatureCollection, GeometryValue, feature::Id};
use serde::de::DeserializeOwned;

use super::{GeodataError, files, records::*};
use crate::model::*;

/// Reads only the description (`dataset.json`) of the data set folder `dir`.
///
/// # Errors
///
/// A missing, unreadable or malformed file.
pub fn read_meta(dir: &Path) -> Result<DatasetMeta, GeodataError> {
    read_json(&dir.join(files::META))
}

/// Reads and checks the data set in `dir`.
///
/// # Errors
///
/// A missing or unreadable file, a feature without id or with the wrong geometry type (named
/// by file and position), or records that do not fit together.
pub fn read_dataset(dir: &Path) -> Result<Dataset, GeodataError> {
    let meta = read_meta(dir)?;
    let layers = Layers {
        jurisdictions: read_layer(dir, files::JURISDICTIONS, |id, g, p: JurisdictionProps| {
            let geometry = multi_polygon(&g)?;
            Ok(Jurisdiction {
                id,
                code: p.code,
                name: p.name,
                geometry,
            })
        })?,
        stations: read_layer(dir, files::STATIONS, |id, g, p: StationProps| {
            let point = point(&g)?;
            Ok(Station {
                id,
                name: p.name,
                point,
                jurisdiction_id: p.jurisdiction_id,
            })
        })?,
        offices: read_layer(dir, files::OFFICES, |id, g, p: OfficeProps| {
            let point = point(&g)?;
            Ok(Office {
                id,
                name: p.name,
                point,
                station_id: p.station_id,
            })
        })?,
        workstations: read_layer(dir, files::WORKSTATIONS, |id, g, p: WorkstationProps| {
            let point = point(&g)?;
            Ok(Workstation {
                id,
                name: p.name,
                point,
                office_id: p.office_id,
            })
        })?,
        villages: read_layer(dir, files::VILLAGES, village)?,
        grids: read_layer(dir, files::GRIDS, |id, g, p: GridProps| {
            let geometry = multi_polygon(&g)?;
            let (village_id, jurisdiction_id) = (p.village_id, p.jurisdiction_id);
            Ok(Grid {
                id,
                code: p.code,
                village_id,
                jurisdiction_id,
                geometry,
            })
        })?,
        officers: read_json(&dir.join(files::OFFICERS))?,
    };
    Dataset::new(meta, layers).map_err(|source| GeodataError::Model {
        path: dir.to_path_buf(),
        cause: source,
    })
}

/// Reads the roads of the data set in `dir`; none when it has no roads file.
///
/// # Errors
///
/// An unreadable roads file, or a feature that is not a LineString.
pub fn read_roads(dir: &Path) -> Result<Vec<Road>, GeodataError> {
    if !dir.join(files::ROADS).exists() {
        return Ok(Vec::new());
    }
    read_layer(dir, files::ROADS, |_, g, p: RoadProps| {
        let line = LineString::try_from(&g)
            .map_err(|_| format!("expected a LineString, found a {}", g.type_name()))?;
        Ok(Road {
            osm_id: p.osm_id,
            highway: p.highway,
            name: p.name,
            oneway: p.oneway,
            maxspeed: p.maxspeed,
            access: p.access,
            node_ids: p.node_ids,
            line,
        })
    })
}

fn village(id: String, g: GeometryValue, p: VillageProps) -> Result<Village, String> {
    Ok(Village {
        id,
        code: p.code,
        name: p.name,
        kind: p.kind,
        point: point(&g)?,
        polygon: None,
        population: p.population,
        jurisdiction_id: p.jurisdiction_id,
    })
}

/// Reads one layer, turning each feature into a record with `make`.
fn read_layer<P: DeserializeOwned, T>(
    dir: &Path,
    file: &str,
    make: impl Fn(String, GeometryValue, P) -> Result<T, String>,
) -> Result<Vec<T>, GeodataError> {
    let path = dir.join(file);
    let collection: FeatureCollection = read_json(&path)?;
    let mut records = Vec::with_capacity(collection.features.len());
    for (index, feature) in collection.features.into_iter().enumerate() {
        let fail = |id: &str, message: String| GeodataError::Feature {
            path: path.clone(),
            index,
            id: id.to_owned(),
            message,
        };
        let id = match feature.id {
            Some(Id::String(s)) => s,
            Some(Id::Number(n)) => n.to_string(),
            None => return Err(fail("?", "feature has no id".into())),
        };
        let geometry = feature
            .geometry
            .ok_or_else(|| fail(&id, "no geometry".into()))?;
        let props = serde_json::Value::Object(feature.properties.unwrap_or_default());
        let props = serde_json::from_value(props).map_err(|e| fail(&id, e.to_string()))?;
        records.push(make(id.clone(), geometry.value, props).map_err(|m| fail(&id, m))?);
    }
    Ok(records)
}

fn point(g: &GeometryValue) -> Result<Point, String> {
    let p =
        Point::try_from(g).map_err(|_| format!("expected a Point, found a {}", g.type_name()))?;
    check_coord(p.0)?;
    Ok(p)
}

/// A (multi)polygon with every coordinate in range and every ring closed with at least four
/// positions. Full OGC validity is not checked here (it costs seconds on a province); the
/// shipped sets are built valid by `prepare`.
fn multi_polygon(g: &GeometryValue) -> Result<MultiPolygon, String> {
    let shape = match g {
        GeometryValue::Polygon { .. } => Polygon::try_from(g).map(|p| MultiPolygon(vec![p])),
        _ => MultiPolygon::try_from(g),
    }
    .map_err(|_| format!("expected a (Multi)Polygon, found a {}", g.type_name()))?;
    if shape.0.is_empty() {
        return Err("empty polygon".into());
    }
    for ring in shape
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
    {
        if ring.0.len() < 4 || ring.0.first() != ring.0.last() {
            return Err("a ring is not closed or has fewer than four positions".into());
        }
        ring.0.iter().try_for_each(|c| check_coord(*c))?;
    }
    Ok(shape)
}

fn check_coord(c: geo::Coord) -> Result<(), String> {
    if c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0 {
        Ok(())
    } else {
        Err(format!(
            "position ({}, {}) is not a WGS84 lon/lat",
            c.x, c.y
        ))
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, GeodataError> {
    let file = fs::File::open(path).map_err(|source| GeodataError::Io {
        path: PathBuf::from(path),
        cause: source,
    })?;
    serde_json::from_reader(BufReader::new(file)).map_err(|source| GeodataError::Json {
        path: PathBuf::from(path),
        cause: source,
    })
}
