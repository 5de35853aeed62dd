//! R-trees and fast point-in-polygon: the read path of every query.
//!
//! [`SpatialIndex`] holds one R-tree per layer of a [`Dataset`]. Polygon layers also keep a
//! [`PreparedPolygon`] per record for exact containment tests. Records are referred to by
//! their position in the data set's vectors.

mod polygon;
mod raster;

pub use polygon::PreparedPolygon;
pub use raster::{CellRaster, Probe};

use geo::{BoundingRect, Coord, CoordsIter, LinesIter, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use std::sync::Arc;

use crate::model::Dataset;

type BoxEntry = GeomWithData<Rectangle<[f64; 2]>, usize>;
type PointEntry = GeomWithData<[f64; 2], usize>;

/// Polygons behind an R-tree of their bounding boxes, with a [`CellRaster`] in front for
/// point lookups.
#[derive(Debug, Clone)]
pub struct PolygonIndex {
    tree: RTree<BoxEntry>,
    shapes: Vec<Option<PreparedPolygon>>,
    raster: Option<CellRaster>,
}

impl PolygonIndex {
    /// Indexes `shapes` (WGS84); an empty shape is kept in place but never found.
    ///
    /// Building costs one pass over every edge plus one exact lookup per run of edge-free
    /// raster cells; the raster takes at most 16 MiB.
    pub fn new<'a>(shapes: impl Iterator<Item = &'a geo::MultiPolygon> + Clone) -> Self {
        let prepared: Vec<Option<PreparedPolygon>> =
            shapes.clone().map(PreparedPolygon::new).collect();
        let entries = prepared
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some(BoxEntry::new(rectangle(s.as_ref()?.bounds()), i)))
            .collect();
        let mut index = Self {
            tree: RTree::bulk_load(entries),
            shapes: prepared,
            raster: None,
        };

        let extent = index
            .shapes
            .iter()
            .flatten()
            .map(|s| s.bounds())
            .reduce(union);
        index.raster = extent.map(|extent| {
            let edge_count = shapes.clone().map(|s| s.coords_count()).sum();
            let edges = shapes.flat_map(|shape| shape.lines_iter().map(|l| (l.start, l.end)));
            CellRaster::build(extent, edge_count, edges, |p| index.locate_exact(p))
        });
        index
    }

    /// The position of the polygon containing `p` (lon, lat), boundary included.
    ///
    /// Where polygons touch, a point on their shared boundary goes to the one with the lowest
    /// position, so the answer never depends on the tree's layout.
    pub fn locate(&self, p: Coord) -> Option<usize> {
        match self.raster.as_ref().map(|r| r.probe(p)) {
            Some(Probe::Outside) => None,
            Some(Probe::Inside(i)) => Some(i),
            Some(Probe::Unknown) | None => self.locate_exact(p),
        }
    }

    /// [`Self::locate`] without the raster: R-tree candidates, then exact tests.
    pub fn locate_exact(&self, p: Coord) -> Option<usize> {
        self.tree
            .locate_all_at_point(&[p.x, p.y])
            .map(|entry| entry.data)
            .filter(|&i| self.contains(i, p))
            .min()
    }

    /// Whether the polygon at position `i` contains `p`, boundary included.
    pub fn contains(&self, i: usize, p: Coord) -> bool {
        self.shapes
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|s| s.contains(p))
    }

    /// Positions of polygons whose bounding box intersects `bbox`, in ascending order.
    pub fn in_bbox(&self, bbox: Rect) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&envelope(bbox))
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }
}

/// Points behind an R-tree.
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<PointEntry>,
}

impl PointIndex {
    /// Indexes `points` (WGS84).
    pub fn new(points: impl Iterator<Item = Point>) -> Self {
        let entries = points
            .enumerate()
            .map(|(i, p)| PointEntry::new([p.x(), p.y()], i))
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Positions of points inside `bbox` (boundary included), in ascending order.
    pub fn in_bbox(&self, bbox: Rect) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope(&envelope(bbox))
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// The position of the point nearest to `p` in degrees, a cheap first guess that the
    /// caller refines with a ground distance where it matters.
    pub fn nearest(&self, p: Coord) -> Option<usize> {
        self.tree.nearest_neighbor(&[p.x, p.y]).map(|e| e.data)
    }
}

/// One index per layer of a data set.
#[derive(Debug, Clone)]
pub struct SpatialIndex {
    /// Jurisdiction polygons (shared by the indexes of data sets with the same polygons).
    pub jurisdictions: Arc<PolygonIndex>,
    /// Grid polygons (shared likewise).
    pub grids: Arc<PolygonIndex>,
    /// Village points.
    pub villages: PointIndex,
    /// Station points.
    pub stations: PointIndex,
    /// Office points.
    pub offices: PointIndex,
    /// Workstation points.
    pub workstations: PointIndex,
}

impl SpatialIndex {
    /// Builds every layer's index (bulk-loaded R-trees, prepared polygons).
    pub fn new(dataset: &Dataset) -> Self {
        let jurisdictions = PolygonIndex::new(dataset.jurisdictions.iter().map(|j| &j.geometry));
        let grids = PolygonIndex::new(dataset.grids.iter().map(|g| &g.geometry));
        Self::with_polygons(dataset, Arc::new(jurisdictions), Arc::new(grids))
    }

    /// Indexes `dataset`'s points, taking its polygon indexes as given: those of another data
    /// set whose jurisdictions and grids are the same shapes in the same order (an edit that
    /// moved no boundary). Building the point indexes is cheap; the polygons' is not.
    pub fn with_polygons(
        dataset: &Dataset,
        jurisdictions: Arc<PolygonIndex>,
        grids: Arc<PolygonIndex>,
    ) -> Self {
        Self {
            jurisdictions,
            grids,
            villages: PointIndex::new(dataset.villages.iter().map(|v| v.point)),
            stations: PointIndex::new(dataset.stations.iter().map(|s| s.point)),
            offices: PointIndex::new(dataset.offices.iter().map(|o| o.point)),
            workstations: PointIndex::new(dataset.workstations.iter().map(|w| w.point)),
        }
    }

    /// The bounding box of all jurisdictions, if there are any.
    pub fn extent(dataset: &Dataset) -> Option<Rect> {
        dataset
            .jurisdictions
            .iter()
            .filter_map(|j| j.geometry.bounding_rect())
            .reduce(union)
    }
}

/// The smallest rectangle holding both.
pub fn union(a: Rect, b: Rect) -> Rect {
    Rect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

fn rectangle(r: Rect) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
}

fn envelope(r: Rect) -> AABB<[f64; 2]> {
    AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
}
