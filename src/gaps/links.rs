//! Who answers for each village and grid, resolved once for every gap query.

use std::collections::HashMap;

use geo::InteriorPoint;

use super::sphere::SphereIndex;
use crate::atlas::Atlas;

/// Per village and per grid: the grid, jurisdiction, primary officer and station that answer
/// for it. Records are referred to by their position in the data set.
#[derive(Debug, Clone)]
pub struct Links {
    /// Per village: the grid it is served by — the grid made for it, else the grid its point
    /// lies in (villages sharing a point share one grid), else none.
    pub village_grid: Vec<Option<usize>>,
    /// Per village: its jurisdiction.
    pub village_jurisdiction: Vec<Option<usize>>,
    /// Per grid: its jurisdiction.
    pub grid_jurisdiction: Vec<Option<usize>>,
    /// Per grid: the position of its primary community officer.
    pub grid_primary: Vec<Option<usize>>,
    /// Per grid: the station answering for it (see [`Links::new`]).
    pub grid_station: Vec<Option<usize>>,
    /// Per office: its station.
    pub office_station: Vec<Option<usize>>,
}

impl Links {
    /// Resolves every link of `atlas`.
    ///
    /// A grid's station is the station of its primary officer's office, else of an
    /// auxiliary's office. A grid with no officer at all goes to the station nearest its
    /// village (or, without one, a point inside it), on the ground.
    pub fn new(atlas: &Atlas) -> Self {
        let d = &atlas.dataset;
        let stations: HashMap<&str, usize> = d
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let office_station: Vec<Option<usize>> = d
            .offices
            .iter()
            .map(|o| stations.get(o.station_id.as_str()).copied())
            .collect();

        let officer_office: Vec<Option<usize>> = d
            .officers
            .iter()
            .map(|o| d.office_position(&o.office_id))
            .collect();
        let officer_position: HashMap<&str, usize> = d
            .officers
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();

        let grid_primary: Vec<Option<usize>> = (0..d.grids.len())
            .map(|g| {
                let officer = d.primary_officer(g)?;
                officer_position.get(officer.id.as_str()).copied()
            })
            .collect();
        let station_points = SphereIndex::new(d.stations.iter().map(|s| s.point));
        let grid_station = (0..d.grids.len())
            .map(|g| {
                let staffed = d
                    .grid_officers(g)
                    .find_map(|o| officer_office[*officer_position.get(o.id.as_str())?])
                    .and_then(|office| office_station[office]);
                staffed.or_else(|| nearest_station(atlas, &station_points, g))
            })
            .collect();

        let village_grid = (0..d.villages.len())
            .map(|v| {
                let own = atlas.village_grid(v);
                own.or_else(|| atlas.index.grids.locate(d.villages[v].point.0))
            })
            .collect();
        let village_jurisdiction = d
            .villages
            .iter()
            .map(|v| d.jurisdiction_position(&v.jurisdiction_id))
            .collect();
        let grid_jurisdiction = (0..d.grids.len())
            .map(|g| atlas.grid_jurisdiction(g))
            .collect();

        Self {
            village_grid,
            village_jurisdiction,
            grid_jurisdiction,
            grid_primary,
            grid_station,
            office_station,
        }
    }

    /// The primary officer answering for the village at position `village`.
    pub fn village_primary(&self, village: usize) -> Option<usize> {
        self.grid_primary[self.village_grid[village]?]
    }
}

fn nearest_station(atlas: &Atlas, stations: &SphereIndex, grid: usize) -> Option<usize> {
    let d = &atlas.dataset;
    let g = &d.grids[grid];
    let village = g.village_id.as_deref().and_then(|id| d.village(id));
    let at = match village {
        Some(v) => v.point,
        None => g.geometry.interior_point()?,
    };
    stations.nearest(at).map(|(station, _)| station)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gaps::fixture::{atlas, grid, jurisdiction, rect, station, village};
    use crate::model::Layers;

    #[test]
    fn an_unstaffed_grid_goes_to_the_station_nearest_on_the_ground() {
        // At 60°N a degree of longitude is half a degree of latitude on the ground: north is
        // 0.9° (100 km) away, east 1.5° (83 km). In degrees north would be nearer.
        let found = atlas(Layers {
            jurisdictions: vec![jurisdiction("J", rect(9.0, 59.0, 13.0, 62.0))],
            stations: vec![
                station("North", "J", 10.0, 60.9),
                station("East", "J", 11.5, 60.0),
            ],
            offices: Vec::new(),
            workstations: Vec::new(),
            villages: vec![village("V", "J", 10.0, 60.0, None)],
            grids: vec![grid("G", Some("V"), "J", rect(9.9, 59.9, 10.1, 60.1))],
            officers: Vec::new(),
        });
        let links = Links::new(&found);
        assert_eq!(
            links.grid_station,
            vec![Some(1)],
            "East is nearer on the ground"
        );
    }
}
