//! Which jurisdictions an edit touches, for editors limited to some of them.

use geo::Point;

use super::Edit;
use crate::atlas::Atlas;

/// Ids of the jurisdictions whose records `edit` changes, before and after. A point in no
/// jurisdiction counts as `""`, which no limited editor holds.
pub fn jurisdictions(atlas: &Atlas, edit: &Edit) -> Vec<String> {
    let d = &atlas.dataset;
    let at = |p: Point| -> String {
        atlas
            .index
            .jurisdictions
            .locate(p.0)
            .map_or_else(String::new, |j| d.jurisdictions[j].id.clone())
    };
    let grid = |id: &str| d.grid(id).map(|g| g.jurisdiction_id.clone());
    let office = |id: &str| d.office(id).map(|o| at(o.point));
    let officer = |id: &str| -> Vec<String> {
        d.officer(id).map_or_else(Vec::new, |o| {
            let grids = o.grid_ids.iter().filter_map(|g| grid(g));
            office(&o.office_id).into_iter().chain(grids).collect()
        })
    };
    let mut found: Vec<String> = match edit {
        Edit::Assign {
            officer_id,
            grid_id,
        }
        | Edit::Unassign {
            officer_id,
            grid_id,
        } => grid(grid_id)
            .into_iter()
            .chain(office_of(atlas, officer_id, &office))
            .collect(),
        Edit::ReplaceGridGeometry { grid_id, .. } => grid(grid_id).into_iter().collect(),
        Edit::CreateOfficer { office_id, .. } => office(office_id).into_iter().collect(),
        Edit::UpdateOfficer { id, office_id, .. } => {
            let moved = office_id.as_deref().and_then(office);
            officer(id).into_iter().chain(moved).collect()
        }
        Edit::DeleteOfficer { id } => officer(id),
        Edit::CreateOffice { lon, lat, .. } | Edit::CreateWorkstation { lon, lat, .. } => {
            vec![at(Point::new(*lon, *lat))]
        }
        Edit::UpdateOffice { id, lon, lat, .. } => {
            let to = lon.zip(*lat).map(|(x, y)| at(Point::new(x, y)));
            office(id).into_iter().chain(to).collect()
        }
        Edit::DeleteOffice { id } => office(id).into_iter().collect(),
        Edit::UpdateWorkstation { id, lon, lat, .. } => {
            let from = d.workstation(id).map(|w| at(w.point));
            let to = lon.zip(*lat).map(|(x, y)| at(Point::new(x, y)));
            from.into_iter().chain(to).collect()
        }
        Edit::DeleteWorkstation { id } => {
            d.workstation(id).map(|w| at(w.point)).into_iter().collect()
        }
    };
    found.sort();
    found.dedup();
    found
}

fn office_of(
    atlas: &Atlas,
    officer_id: &str,
    office: &impl Fn(&str) -> Option<String>,
) -> Option<String> {
    office(&atlas.dataset.officer(officer_id)?.office_id)
}
