//! Edits on the shipped Andorra set: every rule, with the record before and after.

mod common;

use geo::{BooleanOps, BoundingRect, Intersects, Translate};
use gridbeat::edit::{Edit, EditError, apply};
use gridbeat::model::{Dataset, Role};

fn dataset() -> Dataset {
    common::andorra().dataset.clone()
}

fn geometry(shape: &geo::MultiPolygon) -> geojson::Geometry {
    geojson::Geometry::new(geojson::GeometryValue::from(shape))
}

/// A grid with a primary officer, and a community officer who is not it.
fn assigned_grid(d: &Dataset) -> (usize, String, String) {
    let g = (0..d.grids.len())
        .find(|&g| d.primary_officer(g).is_some())
        .expect("assigned grid");
    let primary = d.primary_officer(g).expect("primary").id.clone();
    let other = d
        .officers
        .iter()
        .find(|o| o.role == Role::Community && o.id != primary)
        .expect("another community officer")
        .id
        .clone();
    (g, primary, other)
}

#[test]
fn a_grid_keeps_one_primary_officer() {
    let d = dataset();
    let (g, primary, other) = assigned_grid(&d);
    let grid_id = d.grids[g].id.clone();

    let taken = apply(
        &d,
        &Edit::Assign {
            officer_id: other.clone(),
            grid_id: grid_id.clone(),
        },
    );
    assert_eq!(
        taken.err(),
        Some(EditError::PrimaryTaken {
            grid: grid_id.clone(),
            current: primary.clone()
        })
    );

    let freed = apply(
        &d,
        &Edit::Unassign {
            officer_id: primary.clone(),
            grid_id: grid_id.clone(),
        },
    )
    .expect("unassign");
    assert!(freed.dataset.primary_officer(g).is_none());
    assert!(
        freed.before["grid_ids"]
            .as_array()
            .expect("ids")
            .iter()
            .any(|v| v == grid_id.as_str())
    );

    let moved = apply(
        &freed.dataset,
        &Edit::Assign {
            officer_id: other.clone(),
            grid_id,
        },
    )
    .expect("assign");
    assert_eq!(
        moved.dataset.primary_officer(g).map(|o| o.id.as_str()),
        Some(other.as_str())
    );
    let area = moved.affected.expect("area");
    assert!(area.intersects(&d.grids[g].geometry.bounding_rect().expect("bounds")));
}

#[test]
fn references_and_ids_are_checked() {
    let d = dataset();
    let office = d.offices[0].id.clone();
    let existing = d.officers[0].id.clone();

    let duplicate = Edit::CreateOfficer {
        id: existing.clone(),
        name: "X".into(),
        role: Role::Auxiliary,
        office_id: office.clone(),
    };
    assert_eq!(
        apply(&d, &duplicate).err(),
        Some(EditError::Exists {
            entity: "officer",
            id: existing
        })
    );

    let nowhere = Edit::CreateOfficer {
        id: "p-new".into(),
        name: "X".into(),
        role: Role::Auxiliary,
        office_id: "of-none".into(),
    };
    assert!(matches!(apply(&d, &nowhere), Err(EditError::Model(_))));

    let busy = Edit::DeleteOffice { id: office };
    assert!(matches!(apply(&d, &busy), Err(EditError::Invalid(m)) if m.contains("still has")));

    let far = Edit::CreateOffice {
        id: "of-new".into(),
        name: "X".into(),
        lon: 200.0,
        lat: 42.0,
        station_id: d.stations[0].id.clone(),
    };
    assert!(matches!(apply(&d, &far), Err(EditError::Invalid(m)) if m.contains("not a WGS84")));

    let fine = Edit::CreateOffice {
        id: "of-new".into(),
        name: "Nova".into(),
        lon: 1.52,
        lat: 42.51,
        station_id: d.stations[0].id.clone(),
    };
    let applied = apply(&d, &fine).expect("create office");
    assert_eq!(
        applied.dataset.office("of-new").map(|o| o.name.as_str()),
        Some("Nova")
    );
    assert_eq!(applied.before, serde_json::Value::Null);
}

#[test]
fn a_new_grid_polygon_stays_inside_and_off_its_neighbours() {
    let d = dataset();
    let g = 0;
    let grid = &d.grids[g];
    let neighbour = d
        .grids
        .iter()
        .find(|n| {
            n.id != grid.id
                && n.jurisdiction_id == grid.jurisdiction_id
                && n.geometry.intersects(&grid.geometry)
        })
        .expect("a neighbour");

    let same = Edit::ReplaceGridGeometry {
        grid_id: grid.id.clone(),
        geometry: geometry(&grid.geometry),
    };
    assert!(apply(&d, &same).is_ok());

    let grown = grid.geometry.union(&neighbour.geometry);
    let overlap = Edit::ReplaceGridGeometry {
        grid_id: grid.id.clone(),
        geometry: geometry(&grown),
    };
    match apply(&d, &overlap) {
        Err(EditError::Overlap { other, area_m2, .. }) => {
            assert_eq!(other, neighbour.id);
            assert!(area_m2 > 1000.0, "{area_m2}");
        }
        other => panic!("expected an overlap, got {other:?}"),
    }

    let away = grid.geometry.translate(1.0, 0.0);
    let outside = Edit::ReplaceGridGeometry {
        grid_id: grid.id.clone(),
        geometry: geometry(&away),
    };
    assert!(matches!(
        apply(&d, &outside),
        Err(EditError::OutsideJurisdiction { .. })
    ));

    let point = geojson::Geometry::new(geojson::GeometryValue::new_point([1.5, 42.5]));
    let wrong = Edit::ReplaceGridGeometry {
        grid_id: grid.id.clone(),
        geometry: point,
    };
    assert!(matches!(apply(&d, &wrong), Err(EditError::Invalid(m)) if m.contains("Point")));
}

#[test]
fn edits_read_from_json_with_clear_errors() {
    let edit: Edit = serde_json::from_str(r#"{"op":"assign","officer_id":"p-1","grid_id":"g-1"}"#)
        .expect("parse");
    assert_eq!(
        edit,
        Edit::Assign {
            officer_id: "p-1".into(),
            grid_id: "g-1".into()
        }
    );
    let bad =
        serde_json::from_str::<Edit>(r#"{"op":"assign","officer":"p-1"}"#).expect_err("refused");
    assert!(bad.to_string().contains("unknown field"), "{bad}");
}
