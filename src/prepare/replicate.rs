//! Larger data sets from copies of one, for measuring how cost grows with size.
//!
//! Copy k of n is the whole set moved by whole degrees — columns [`COLUMN_DEG`] apart,
//! rows [`ROW_DEG`] apart southwards, in a square-ish layout — with every id suffixed by
//! `~k` (copy 0 keeps its ids). Copies do not touch, so every copy has the same gaps as the
//! original; areas and distances change a little with latitude.

use geo::{MapCoords, Point};

use crate::model::{Dataset, Layers, ModelError};

/// Longitude between columns of copies, degrees (Henan spans 6.3°).
pub const COLUMN_DEG: f64 = 7.0;
/// Latitude between rows of copies, degrees (Henan spans 5.0°).
pub const ROW_DEG: f64 = 5.5;

/// `copies` copies of `dataset` side by side (at least one).
///
/// # Errors
///
/// Only if `dataset` itself breaks a model rule.
pub fn replicate(dataset: &Dataset, copies: usize) -> Result<Dataset, ModelError> {
    let copies = copies.max(1);
    let columns = (copies as f64).sqrt().ceil() as usize;
    let base = dataset.layers();
    let mut all = Layers::default();
    for k in 0..copies {
        let (dx, dy) = (
            (k % columns) as f64 * COLUMN_DEG,
            -((k / columns) as f64) * ROW_DEG,
        );
        append(&mut all, &base, k, dx, dy);
    }
    Dataset::new(dataset.meta.clone(), all)
}

/// Appends copy `k` of `base`, moved by (`dx`, `dy`) degrees.
fn append(all: &mut Layers, base: &Layers, k: usize, dx: f64, dy: f64) {
    let id = |s: &str| {
        if k == 0 {
            s.to_owned()
        } else {
            format!("{s}~{k}")
        }
    };
    let point = |p: Point| Point::new(p.x() + dx, p.y() + dy);
    let shape = |s: &geo::MultiPolygon| s.map_coords(|c| geo::coord! { x: c.x + dx, y: c.y + dy });

    all.jurisdictions.extend(base.jurisdictions.iter().map(|j| {
        let mut j = j.clone();
        (j.id, j.geometry) = (id(&j.id), shape(&j.geometry));
        j
    }));
    all.stations.extend(base.stations.iter().map(|s| {
        let mut s = s.clone();
        (s.id, s.point) = (id(&s.id), point(s.point));
        s.jurisdiction_id = s.jurisdiction_id.as_deref().map(id);
        s
    }));
    all.offices.extend(base.offices.iter().map(|o| {
        let mut o = o.clone();
        (o.id, o.point, o.station_id) = (id(&o.id), point(o.point), id(&o.station_id));
        o
    }));
    all.workstations.extend(base.workstations.iter().map(|w| {
        let mut w = w.clone();
        (w.id, w.point, w.office_id) = (id(&w.id), point(w.point), id(&w.office_id));
        w
    }));
    all.villages.extend(base.villages.iter().map(|v| {
        let mut v = v.clone();
        (v.id, v.point, v.jurisdiction_id) = (id(&v.id), point(v.point), id(&v.jurisdiction_id));
        v.polygon = v.polygon.as_ref().map(shape);
        v
    }));
    all.grids.extend(base.grids.iter().map(|g| {
        let mut g = g.clone();
        (g.id, g.geometry) = (id(&g.id), shape(&g.geometry));
        g.village_id = g.village_id.as_deref().map(id);
        g.jurisdiction_id = id(&g.jurisdiction_id);
        g
    }));
    all.officers.extend(base.officers.iter().map(|o| {
        let mut o = o.clone();
        (o.id, o.office_id) = (id(&o.id), id(&o.office_id));
        o.grid_ids = o.grid_ids.iter().map(|g| id(g)).collect();
        o
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::Atlas;
    use crate::gaps::report::{Settings, full_report};

    #[test]
    fn four_copies_have_four_times_the_gaps() {
        let atlas = crate::gaps::fixture::two_counties();
        let copies = replicate(&atlas.dataset, 4).expect("a consistent copy");
        assert_eq!(copies.villages.len(), 4 * atlas.dataset.villages.len());
        assert_eq!(
            copies.grid("G4~3").map(|g| g.jurisdiction_id.as_str()),
            Some("J2~3")
        );

        let settings = Settings {
            max_km: 1.1,
            ..Settings::default()
        };
        let one = full_report(&atlas, &settings).expect("report");
        let four = full_report(&Atlas::new(copies), &settings).expect("report");
        for (a, b) in one.gaps.iter().zip(&four.gaps) {
            assert_eq!(4 * a.features.len(), b.features.len(), "{:?}", a.kind);
        }
        assert_eq!(four.coverage["overall"]["villages_covered"], 16);
    }
}
