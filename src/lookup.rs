//! Who is responsible at a point.
//!
//! A point (lon, lat, WGS84) falls in at most one grid: the index's lowest-positioned grid
//! whose closed polygon contains it. The grid names its village and jurisdiction; its primary
//! community officer names the office, and the office the station.

use geo::Coord;
use serde::Serialize;

use crate::atlas::Atlas;
use crate::model::{Grid, Jurisdiction, Office, Officer, Station, Village};

/// The records responsible at one point, borrowed from the atlas.
#[derive(Debug, Clone, Copy)]
pub struct Responsible<'a> {
    atlas: &'a Atlas,
    grid: Option<usize>,
    jurisdiction: Option<usize>,
}

impl Atlas {
    /// Who is responsible at `p` (lon, lat in degrees, WGS84). Does not allocate.
    ///
    /// A point in no grid is not covered; it may still lie in a jurisdiction.
    pub fn responsible_at(&self, p: Coord) -> Responsible<'_> {
        let grid = self.index.grids.locate(p);
        let jurisdiction = match grid {
            Some(g) => self.grid_jurisdiction(g),
            None => self.index.jurisdictions.locate(p),
        };
        Responsible {
            atlas: self,
            grid,
            jurisdiction,
        }
    }
}

impl<'a> Responsible<'a> {
    /// Whether the point lies in a grid.
    pub fn covered(&self) -> bool {
        self.grid.is_some()
    }

    /// The grid's position in the data set.
    pub fn grid_position(&self) -> Option<usize> {
        self.grid
    }

    /// The grid.
    pub fn grid(&self) -> Option<&'a Grid> {
        self.atlas.dataset.grids.get(self.grid?)
    }

    /// The jurisdiction.
    pub fn jurisdiction(&self) -> Option<&'a Jurisdiction> {
        self.atlas.dataset.jurisdictions.get(self.jurisdiction?)
    }

    /// The village the grid serves.
    pub fn village(&self) -> Option<&'a Village> {
        self.atlas
            .dataset
            .village(self.grid()?.village_id.as_deref()?)
    }

    /// The grid's officers: the primary community officer first, then auxiliaries.
    pub fn officers(&self) -> impl Iterator<Item = &'a Officer> + use<'a> {
        let dataset = &self.atlas.dataset;
        self.grid.into_iter().flat_map(|g| dataset.grid_officers(g))
    }

    /// The office of the primary officer, or else of the first auxiliary.
    pub fn office(&self) -> Option<&'a Office> {
        let officer = self.officers().next()?;
        self.atlas.dataset.office(&officer.office_id)
    }

    /// The station running that office.
    pub fn station(&self) -> Option<&'a Station> {
        self.atlas.dataset.station(&self.office()?.station_id)
    }

    /// An owned, serialisable summary.
    pub fn view(&self) -> ResponsibleView {
        let primary = self
            .grid
            .and_then(|g| self.atlas.dataset.primary_officer(g));
        ResponsibleView {
            covered: self.covered(),
            jurisdiction: self
                .jurisdiction()
                .map(|j| Named::new(&j.id, Some(&j.code), &j.name)),
            grid: self.grid().map(|g| GridRef {
                id: g.id.clone(),
                code: g.code.clone(),
                officer_id: primary.map(|o| o.id.clone()),
            }),
            village: self
                .village()
                .map(|v| Named::new(&v.id, v.code.as_deref(), &v.name)),
            office: self.office().map(|o| Named::new(&o.id, None, &o.name)),
            station: self.station().map(|s| Named::new(&s.id, None, &s.name)),
            officers: self
                .officers()
                .map(|o| OfficerRef {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    role: o.role.as_str(),
                    primary: primary.is_some_and(|p| p.id == o.id),
                })
                .collect(),
        }
    }
}

/// Who is responsible at a point, as served by the API and written to CSV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponsibleView {
    /// Whether the point lies in a grid.
    pub covered: bool,
    /// The jurisdiction.
    pub jurisdiction: Option<Named>,
    /// The grid.
    pub grid: Option<GridRef>,
    /// The village the grid serves.
    pub village: Option<Named>,
    /// The responsible office.
    pub office: Option<Named>,
    /// The station running the office.
    pub station: Option<Named>,
    /// The grid's officers, primary first.
    pub officers: Vec<OfficerRef>,
}

/// A record's id, code and name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Id.
    pub id: String,
    /// Code, where the record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Name.
    pub name: String,
}

impl Named {
    fn new(id: &str, code: Option<&str>, name: &str) -> Self {
        Self {
            id: id.to_owned(),
            code: code.map(str::to_owned),
            name: name.to_owned(),
        }
    }
}

/// A grid's id, code and primary officer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRef {
    /// Id.
    pub id: String,
    /// Code.
    pub code: String,
    /// The primary community officer's id, if the grid has one.
    pub officer_id: Option<String>,
}

/// An officer of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficerRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `community` or `auxiliary`.
    pub role: &'static str,
    /// Whether this is the grid's primary community officer.
    pub primary: bool,
}
