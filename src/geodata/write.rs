//! Writing a prepared data set folder, all files or none.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use geojson::{Feature, FeatureCollection, GeometryValue};
use serde::Serialize;

use super::{GeodataError, files, records::*};
use crate::prepare::Prepared;

/// Writes `prepared` into `dir`, replacing what was there.
///
/// The files are written into a sibling folder first and moved into place at the end, so a
/// failure leaves the old folder as it was.
///
/// # Errors
///
/// When a file cannot be written or the folder cannot be moved.
pub fn write_prepared(prepared: &Prepared, dir: &Path) -> Result<(), GeodataError> {
    let staging = dir.with_extension("partial");
    remove_dir(&staging)?;
    fs::create_dir_all(&staging).map_err(io(&staging))?;

    write_layers(prepared, &staging)?;

    remove_dir(dir)?;
    fs::rename(&staging, dir).map_err(io(dir))
}

fn write_layers(prepared: &Prepared, dir: &Path) -> Result<(), GeodataError> {
    let d = &prepared.dataset;
    write_json(&dir.join(files::META), &d.meta)?;
    write_features(
        dir,
        files::JURISDICTIONS,
        d.jurisdictions.iter().map(|j| {
            let props = JurisdictionProps {
                code: j.code.clone(),
                name: j.name.clone(),
            };
            (j.id.clone(), GeometryValue::from(&j.geometry), props)
        }),
    )?;
    write_features(
        dir,
        files::STATIONS,
        d.stations.iter().map(|s| {
            let props = StationProps {
                name: s.name.clone(),
                jurisdiction_id: s.jurisdiction_id.clone(),
            };
            (s.id.clone(), GeometryValue::from(&s.point), props)
        }),
    )?;
    write_features(
        dir,
        files::OFFICES,
        d.offices.iter().map(|o| {
            let props = OfficeProps {
                name: o.name.clone(),
                station_id: o.station_id.clone(),
            };
            (o.id.clone(), GeometryValue::from(&o.point), props)
        }),
    )?;
    write_features(
        dir,
        files::WORKSTATIONS,
        d.workstations.iter().map(|w| {
            let props = WorkstationProps {
                name: w.name.clone(),
                office_id: w.office_id.clone(),
            };
            (w.id.clone(), GeometryValue::from(&w.point), props)
        }),
    )?;
    write_features(
        dir,
        files::VILLAGES,
        d.villages.iter().map(|v| {
            let props = VillageProps {
                code: v.code.clone(),
                name: v.name.clone(),
                kind: v.kind,
                population: v.population,
                jurisdiction_id: v.jurisdiction_id.clone(),
            };
            (v.id.clone(), GeometryValue::from(&v.point), props)
        }),
    )?;
    write_features(
        dir,
        files::GRIDS,
        d.grids.iter().map(|g| {
            let props = GridProps {
                code: g.code.clone(),
                village_id: g.village_id.clone(),
                jurisdiction_id: g.jurisdiction_id.clone(),
            };
            (g.id.clone(), GeometryValue::from(&g.geometry), props)
        }),
    )?;
    write_json(&dir.join(files::OFFICERS), &d.officers)?;
    if !prepared.roads.is_empty() {
        write_roads(prepared, dir)?;
    }
    Ok(())
}

fn write_roads(prepared: &Prepared, dir: &Path) -> Result<(), GeodataError> {
    let roads = prepared.roads.iter().map(|r| {
        let props = RoadProps {
            osm_id: r.osm_id,
            highway: r.highway.clone(),
            name: r.name.clone(),
            oneway: r.oneway.clone(),
            maxspeed: r.maxspeed.clone(),
            access: r.access.clone(),
            node_ids: r.node_ids.clone(),
        };
        (
            format!("w{}", r.osm_id),
            GeometryValue::from(&r.line),
            props,
        )
    });
    write_features(dir, files::ROADS, roads)
}

fn write_features<P: Serialize>(
    dir: &Path,
    file: &str,
    records: impl Iterator<Item = (String, GeometryValue, P)>,
) -> Result<(), GeodataError> {
    let path = dir.join(file);
    let mut features = Vec::new();
    for (id, geometry, props) in records {
        let properties = match serde_json::to_value(props).map_err(json(&path))? {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        };
        features.push(Feature {
            id: Some(geojson::feature::Id::String(id)),
            geometry: Some(geojson::Geometry::new(geometry)),
            properties,
            ..Feature::default()
        });
    }
    write_json(&path, &FeatureCollection::new(features))
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<(), GeodataError> {
    let file = fs::File::create(path).map_err(io(path))?;
    let mut out = BufWriter::new(file);
    serde_json::to_writer(&mut out, value).map_err(json(path))?;
    out.flush().map_err(io(path))
}

fn remove_dir(dir: &Path) -> Result<(), GeodataError> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(dir)(e)),
        _ => Ok(()),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> GeodataError {
    let path = PathBuf::from(path);
    move |source| GeodataError::Io {
        path: path.clone(),
        cause: source,
    }
}

fn json(path: &Path) -> impl Fn(serde_json::Error) -> GeodataError {
    let path = PathBuf::from(path);
    move |source| GeodataError::Json {
        path: path.clone(),
        cause: source,
    }
}
