//! Each gap kind's findings as GeoJSON features (WGS84) and a JSON summary, and features as
//! CSV rows.

use std::io::Write;

use geo::{BoundingRect, Geometry, MultiPolygon, Point, Rect};
use geojson::{Feature, JsonObject};
use serde_json::{Value, json};

use crate::atlas::Atlas;

use super::distance::FarVillages;
use super::partition::{Partition, PieceKind};
use super::unassigned::Unassigned;
use super::workload::{Load, Workload};

/// A feature with `id` and an object of properties.
fn feature(id: &str, geometry: Geometry, properties: Value) -> Feature {
    let properties = match properties {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    Feature {
        id: Some(geojson::feature::Id::String(id.to_owned())),
        geometry: Some(geojson::Geometry::new((&geometry).into())),
        properties: Some(properties),
        ..Feature::default()
    }
}

/// `[west, south, east, north]` of a shape, `None` when empty.
pub fn bbox(shape: &MultiPolygon) -> Option<[f64; 4]> {
    shape
        .bounding_rect()
        .map(|r: Rect| [r.min().x, r.min().y, r.max().x, r.max().y])
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

pub(super) fn unassigned(atlas: &Atlas, found: &Unassigned) -> (Vec<Feature>, Value) {
    let d = &atlas.dataset;
    let grids = found.grids.iter().map(|&g| {
        let grid = &d.grids[g];
        let properties = json!({
            "gap": "grid", "id": grid.id, "code": grid.code, "village_id": grid.village_id,
            "jurisdiction_id": grid.jurisdiction_id,
            "auxiliaries": d.auxiliaries(g).count(),
        });
        feature(&grid.id, grid.geometry.clone().into(), properties)
    });
    let villages = found.villages.iter().map(|&v| {
        let village = &d.villages[v];
        let properties = json!({
            "gap": "village", "id": village.id, "name": village.name,
            "jurisdiction_id": village.jurisdiction_id, "population": village.population,
        });
        feature(&village.id, village.point.into(), properties)
    });
    let offices = found.offices.iter().map(|&o| {
        let office = &d.offices[o];
        let properties = json!({
            "gap": "office", "id": office.id, "name": office.name,
            "station_id": office.station_id, "officers": atlas.office_officers(o).len(),
        });
        feature(&office.id, office.point.into(), properties)
    });
    let officers = found.officers.iter().filter_map(|&i| {
        let officer = &d.officers[i];
        let office = d.office(&officer.office_id)?;
        let properties = json!({
            "gap": "officer", "id": officer.id, "name": officer.name,
            "role": officer.role.as_str(), "office_id": officer.office_id,
        });
        Some(feature(&officer.id, office.point.into(), properties))
    });
    let features = grids
        .chain(villages)
        .chain(offices)
        .chain(officers)
        .collect();
    let summary = json!({
        "grids": found.grids.len(),
        "villages": found.villages.len(),
        "offices": found.offices.len(),
        "officers": found.officers.len(),
    });
    (features, summary)
}

pub(super) fn distance(atlas: &Atlas, found: &FarVillages) -> (Vec<Feature>, Value) {
    let d = &atlas.dataset;
    let unit = found.metric.unit();
    let features = found
        .far
        .iter()
        .map(|r| {
            let village = &d.villages[r.village];
            let properties = json!({
                "gap": "far_village", "id": village.id, "name": village.name,
                "jurisdiction_id": village.jurisdiction_id,
                "officer_id": r.officer.map(|i| &d.officers[i].id),
                "office_id": r.office.map(|o| &d.offices[o].id),
                "office_cost": r.office_cost.map(round),
                "beyond_own": r.office_cost.is_some_and(|c| c > found.max_cost),
                "nearest_office_id": r.nearest_office.map(|o| &d.offices[o].id),
                "nearest_cost": r.nearest_cost.map(round),
                "beyond_any": r.nearest_cost.is_none_or(|c| c > found.max_cost),
                "unit": unit,
            });
            feature(&village.id, village.point.into(), properties)
        })
        .collect();
    let summary = json!({
        "metric": found.metric.as_str(),
        "unit": unit,
        "max_cost": found.max_cost,
        "villages_checked": found.checked,
        "beyond_own_office": found.beyond_own,
        "beyond_any_office": found.beyond_any,
        "max_office_cost": found.max_office_cost.map(round),
    });
    (features, summary)
}

pub(super) fn partition(atlas: &Atlas, found: &Partition) -> (Vec<Feature>, Value) {
    let d = &atlas.dataset;
    let features = found
        .pieces
        .iter()
        .enumerate()
        .map(|(n, piece)| {
            let jurisdiction = &d.jurisdictions[piece.jurisdiction];
            let grids: Vec<&str> = piece
                .grids
                .iter()
                .map(|&g| d.grids[g].id.as_str())
                .collect();
            let properties = json!({
                "gap": piece.kind.as_str(), "sliver": piece.sliver,
                "jurisdiction_id": jurisdiction.id, "grid_ids": grids,
                "area_m2": round(piece.area_m2),
            });
            let id = format!("{}-{}-{n}", piece.kind.as_str(), jurisdiction.id);
            feature(&id, piece.shape.clone().into(), properties)
        })
        .collect();
    let totals = |kind: PieceKind| {
        let (count, area) = found.total(kind, false);
        let (slivers, sliver_area) = found.total(kind, true);
        json!({
            "count": count, "area_m2": round(area),
            "slivers": slivers, "sliver_area_m2": round(sliver_area),
        })
    };
    let summary = json!({
        "jurisdictions_checked": found.jurisdictions,
        "sliver_m2": found.sliver_m2,
        "holes": totals(PieceKind::Hole),
        "overlaps": totals(PieceKind::Overlap),
        "outside": totals(PieceKind::Outside),
    });
    (features, summary)
}

pub(super) fn workload(atlas: &Atlas, found: &Workload) -> (Vec<Feature>, Value) {
    let d = &atlas.dataset;
    let load_feature = |gap: &str, load: &Load| {
        let officer = &d.officers[load.officer];
        let shapes: Vec<_> = officer
            .grid_ids
            .iter()
            .filter_map(|id| d.grid(id))
            .flat_map(|g| g.geometry.0.iter().cloned())
            .collect();
        let properties = json!({
            "gap": gap, "id": officer.id, "name": officer.name, "office_id": officer.office_id,
            "grids": load.grids, "villages": load.villages, "population": load.population,
            "population_known_villages": load.population_known_villages,
            "area_m2": round(load.area_m2), "ratio": load.ratio,
        });
        feature(&officer.id, MultiPolygon(shapes).into(), properties)
    };
    let above = found.above.iter().map(|l| load_feature("above", l));
    let below = found.below.iter().map(|l| load_feature("below", l));
    let features = above.chain(below).collect();
    let t = found.thresholds;
    let summary = json!({
        "by": t.by.as_str(), "high": t.high, "low": t.low,
        "officers": found.officers, "median": found.median,
        "above": found.above.len(), "below": found.below.len(),
    });
    (features, summary)
}

/// CSV rows of features; see [`super::report::GapReport::write_csv`].
pub(super) fn write_csv(features: &[Feature], out: impl Write) -> Result<(), csv::Error> {
    let mut columns: Vec<String> = vec!["id".into(), "gap".into()];
    for f in features {
        for key in f.properties.iter().flat_map(|p| p.keys()) {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let mut writer = csv::Writer::from_writer(out);
    let mut header = columns.clone();
    header.extend(["lon".into(), "lat".into()]);
    writer.write_record(&header)?;

    for f in features {
        let text = |key: &str| match f.property(key) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let mut row: Vec<String> = columns.iter().map(|c| text(c)).collect();
        let at = f.geometry.as_ref().and_then(|g| anchor(&g.value));
        row.push(at.map(|p| p.x().to_string()).unwrap_or_default());
        row.push(at.map(|p| p.y().to_string()).unwrap_or_default());
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// A point for a CSV row: the point itself, or the centre of a shape's bounding box.
fn anchor(value: &geojson::GeometryValue) -> Option<Point> {
    let geometry = Geometry::<f64>::try_from(value).ok()?;
    match geometry {
        Geometry::Point(p) => Some(p),
        other => other.bounding_rect().map(|r| r.center().into()),
    }
}
