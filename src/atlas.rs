//! A data set together with its spatial index: what every query reads.

use std::path::Path;

use crate::geodata::{self, GeodataError};
use crate::index::SpatialIndex;
use crate::model::{Dataset, Road};

/// A checked data set and the R-trees over it. Immutable; an edit builds a new one.
#[derive(Debug, Clone)]
pub struct Atlas {
    /// The records.
    pub dataset: Dataset,
    /// The index over them.
    pub index: SpatialIndex,
    /// Road centre lines, where the data set has them.
    pub roads: Vec<Road>,
    /// Per grid position: its jurisdiction's position.
    grid_jurisdiction: Vec<Option<usize>>,
    /// Per village position: the position of the grid serving it.
    village_grid: Vec<Option<usize>>,
    /// Per office position: positions of the officers working from it.
    office_officers: Vec<Vec<usize>>,
}

impl Atlas {
    /// Indexes `dataset`.
    pub fn new(dataset: Dataset) -> Self {
        let index = SpatialIndex::new(&dataset);
        Self::with_index(dataset, index)
    }

    /// Indexes `dataset`, an edited copy of this atlas's data set, with this atlas's roads.
    /// When `same_polygons` (no jurisdiction or grid changed shape) the polygon indexes are
    /// shared rather than built again.
    pub fn evolve(&self, dataset: Dataset, same_polygons: bool) -> Self {
        let index = if same_polygons {
            let (jurisdictions, grids) = (&self.index.jurisdictions, &self.index.grids);
            SpatialIndex::with_polygons(&dataset, jurisdictions.clone(), grids.clone())
        } else {
            SpatialIndex::new(&dataset)
        };
        Self::with_index(dataset, index).with_roads(self.roads.clone())
    }

    fn with_index(dataset: Dataset, index: SpatialIndex) -> Self {
        let grid_jurisdiction = dataset
            .grids
            .iter()
            .map(|g| dataset.jurisdiction_position(&g.jurisdiction_id))
            .collect();
        let mut village_grid = vec![None; dataset.villages.len()];
        for (g, grid) in dataset.grids.iter().enumerate() {
            let village = grid.village_id.as_deref();
            if let Some(v) = village.and_then(|id| dataset.village_position(id)) {
                village_grid[v] = Some(g);
            }
        }
        let mut office_officers = vec![Vec::new(); dataset.offices.len()];
        for (i, officer) in dataset.officers.iter().enumerate() {
            if let Some(o) = dataset.office_position(&officer.office_id) {
                office_officers[o].push(i);
            }
        }
        Self {
            dataset,
            index,
            roads: Vec::new(),
            grid_jurisdiction,
            village_grid,
            office_officers,
        }
    }

    /// Positions of the officers working from the office at position `office`.
    pub fn office_officers(&self, office: usize) -> &[usize] {
        self.office_officers.get(office).map_or(&[], Vec::as_slice)
    }

    /// The position of the grid serving the village at position `village`.
    pub fn village_grid(&self, village: usize) -> Option<usize> {
        self.village_grid.get(village).copied().flatten()
    }

    /// The position of the jurisdiction of the grid at position `grid`.
    pub fn grid_jurisdiction(&self, grid: usize) -> Option<usize> {
        self.grid_jurisdiction.get(grid).copied().flatten()
    }

    /// Adds road centre lines.
    pub fn with_roads(mut self, roads: Vec<Road>) -> Self {
        self.roads = roads;
        self
    }

    /// Reads the prepared data set folder `dir` (roads included) and indexes it.
    ///
    /// # Errors
    ///
    /// When the folder cannot be read or its records do not fit together.
    pub fn load(dir: &Path) -> Result<Self, GeodataError> {
        let roads = geodata::read_roads(dir)?;
        Ok(Self::new(geodata::read_dataset(dir)?).with_roads(roads))
    }
}
