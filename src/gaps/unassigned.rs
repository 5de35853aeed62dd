//! Places and people without their counterpart: grids and villages without a primary
//! community officer, offices without a community officer, officers without grids.

use crate::atlas::Atlas;
use crate::model::Role;

use super::{Links, Scope};

/// Everything unassigned in a scope. Every list holds positions in the data set, ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unassigned {
    /// Grids without a primary community officer.
    pub grids: Vec<usize>,
    /// Villages whose grid has no primary community officer, or that lie in no grid.
    pub villages: Vec<usize>,
    /// Offices from which no community officer works (auxiliaries cannot be primary, so such
    /// an office cannot answer for a grid).
    pub offices: Vec<usize>,
    /// Officers of either role who cover no grid.
    pub officers: Vec<usize>,
}

/// Finds everything unassigned in `scope`.
///
/// Grids and villages are in scope by their jurisdiction; offices and officers by the
/// jurisdiction of their office's station, else the jurisdiction their office lies in.
pub fn unassigned(atlas: &Atlas, links: &Links, scope: Scope) -> Unassigned {
    let d = &atlas.dataset;
    let office_jurisdiction: Vec<Option<usize>> = (0..d.offices.len())
        .map(|o| office_jurisdiction(atlas, links, o))
        .collect();

    let grids = (0..d.grids.len())
        .filter(|&g| scope.includes(links.grid_jurisdiction[g]))
        .filter(|&g| links.grid_primary[g].is_none())
        .collect();
    let villages = (0..d.villages.len())
        .filter(|&v| scope.includes(links.village_jurisdiction[v]))
        .filter(|&v| links.village_primary(v).is_none())
        .collect();
    let offices = (0..d.offices.len())
        .filter(|&o| scope.includes(office_jurisdiction[o]))
        .filter(|&o| {
            let officers = atlas.office_officers(o);
            !officers
                .iter()
                .any(|&i| d.officers[i].role == Role::Community)
        })
        .collect();
    let officers = (0..d.officers.len())
        .filter(|&i| d.officers[i].grid_ids.is_empty())
        .filter(|&i| {
            let office = d.office_position(&d.officers[i].office_id);
            scope.includes(office.and_then(|o| office_jurisdiction[o]))
        })
        .collect();

    Unassigned {
        grids,
        villages,
        offices,
        officers,
    }
}

/// The jurisdiction of an office: its station's, else the one it lies in.
pub fn office_jurisdiction(atlas: &Atlas, links: &Links, office: usize) -> Option<usize> {
    let d = &atlas.dataset;
    let station = links.office_station[office].map(|s| &d.stations[s]);
    station
        .and_then(|s| s.jurisdiction_id.as_deref())
        .and_then(|id| d.jurisdiction_position(id))
        .or_else(|| atlas.index.jurisdictions.locate(d.offices[office].point.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture;

    fn ids<'a>(positions: &[usize], id: impl Fn(usize) -> &'a str) -> Vec<&'a str> {
        positions.iter().map(|&p| id(p)).collect()
    }

    #[test]
    fn finds_each_kind_in_the_two_counties() {
        let atlas = fixture::two_counties();
        let d = &atlas.dataset;
        let found = unassigned(&atlas, &Links::new(&atlas), Scope::ALL);

        assert_eq!(ids(&found.grids, |g| &d.grids[g].id), ["G2"]);
        assert_eq!(ids(&found.villages, |v| &d.villages[v].id), ["V2"]);
        assert_eq!(ids(&found.offices, |o| &d.offices[o].id), ["O3"]);
        assert_eq!(ids(&found.officers, |i| &d.officers[i].id), ["P3"]);
    }

    #[test]
    fn a_scope_keeps_one_jurisdiction() {
        let atlas = fixture::two_counties();
        let d = &atlas.dataset;
        let links = Links::new(&atlas);
        let j2 = Scope::new(&atlas, Some("J2")).expect("J2 exists");
        let found = unassigned(&atlas, &links, j2);

        assert!(found.grids.is_empty() && found.villages.is_empty());
        assert_eq!(ids(&found.offices, |o| &d.offices[o].id), ["O3"]);
        assert_eq!(ids(&found.officers, |i| &d.officers[i].id), ["P3"]);
        assert!(Scope::new(&atlas, Some("J9")).is_err());
    }

    #[test]
    fn assigning_the_grid_closes_the_gap() {
        let mut layers = fixture::two_counties_layers();
        let p3 = layers.officers.iter_mut().find(|o| o.id == "P3");
        p3.expect("P3").grid_ids.push("G2".into());
        let atlas = fixture::atlas(layers);
        let found = unassigned(&atlas, &Links::new(&atlas), Scope::ALL);

        assert!(found.grids.is_empty() && found.villages.is_empty() && found.officers.is_empty());
    }
}
