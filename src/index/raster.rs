//! A coarse raster in front of the R-tree that answers most point lookups with one read.
//!
//! The extent of a polygon layer is cut into cells. A cell that no polygon edge touches lies
//! wholly inside one polygon or wholly outside all of them, so it stores that answer; a cell
//! an edge touches stores "ask the tree". For a layer that partitions its area (grids), a few
//! percent of cells are mixed and the rest answer without touching the R-tree or a polygon.
//!
//! Written here rather than taken from a crate: it is a cache specific to this index, and its
//! correctness rests on the conservative edge marking below, which the lookup oracle tests
//! check against an exhaustive search.

use geo::{Coord, Rect};

/// Cells per polygon edge: enough that most cells are clear of edges.
const CELLS_PER_EDGE: usize = 16;
/// Bounds on the raster size (cells), about 4 bytes each.
const MIN_CELLS: usize = 1 << 12;
const MAX_CELLS: usize = 1 << 22;

const OUTSIDE: u32 = 0;
const MIXED: u32 = 1;
const FIRST_POLYGON: u32 = 2;

/// What the raster knows about a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// Certainly in no polygon.
    Outside,
    /// Certainly in the polygon at this position, and in no other.
    Inside(usize),
    /// Near an edge: ask the exact index.
    Unknown,
}

/// Per-cell answers over a layer's extent.
#[derive(Debug, Clone)]
pub struct CellRaster {
    origin: Coord,
    cell_size: Coord,
    cols: usize,
    rows: usize,
    cells: Vec<u32>,
}

impl CellRaster {
    /// Builds the raster over `extent` for polygons whose edges are `edges` (about
    /// `edge_count` of them, any order), using `locate` (the exact lookup) once per run of
    /// edge-free cells.
    pub fn build(
        extent: Rect,
        edge_count: usize,
        edges: impl Iterator<Item = (Coord, Coord)>,
        locate: impl Fn(Coord) -> Option<usize>,
    ) -> Self {
        let cells_wanted = (edge_count * CELLS_PER_EDGE).clamp(MIN_CELLS, MAX_CELLS);
        let mut raster = Self::empty(extent, cells_wanted);
        for (a, b) in edges {
            raster.mark_edge(a, b);
        }
        raster.fill_runs(locate);
        raster
    }

    /// What the raster says about `p`.
    #[inline]
    pub fn probe(&self, p: Coord) -> Probe {
        let col = (p.x - self.origin.x) / self.cell_size.x;
        let row = (p.y - self.origin.y) / self.cell_size.y;
        // Negated comparisons also send NaN to the outside.
        if !(col >= 0.0 && row >= 0.0 && col < self.cols as f64 && row < self.rows as f64) {
            return Probe::Outside;
        }
        match self.cells[row as usize * self.cols + col as usize] {
            OUTSIDE => Probe::Outside,
            MIXED => Probe::Unknown,
            k => Probe::Inside((k - FIRST_POLYGON) as usize),
        }
    }

    fn empty(extent: Rect, cells_wanted: usize) -> Self {
        let (w, h) = (extent.width().max(1e-9), extent.height().max(1e-9));
        let side = (w * h / cells_wanted as f64).sqrt();
        let cols = ((w / side).ceil() as usize).max(1);
        let rows = ((h / side).ceil() as usize).max(1);
        // Cells slightly larger than the extent / count, so the last column and row hold the
        // extent's maximum edges.
        let cell_size = Coord {
            x: w / cols as f64 * (1.0 + 1e-12),
            y: h / rows as f64 * (1.0 + 1e-12),
        };
        Self {
            origin: extent.min(),
            cell_size,
            cols,
            rows,
            cells: vec![OUTSIDE; cols * rows],
        }
    }

    /// Marks every cell the segment a–b could touch as mixed, conservatively: per column it
    /// spans, the segment's y-range within that column, widened by a relative epsilon.
    fn mark_edge(&mut self, a: Coord, b: Coord) {
        let to_grid = |c: Coord| Coord {
            x: (c.x - self.origin.x) / self.cell_size.x,
            y: (c.y - self.origin.y) / self.cell_size.y,
        };
        let (a, b) = (to_grid(a), to_grid(b));
        let (left, right) = if a.x <= b.x { (a, b) } else { (b, a) };
        const PAD: f64 = 1e-6;
        let first_col = self.clamp_col(left.x - PAD);
        let last_col = self.clamp_col(right.x + PAD);
        for col in first_col..=last_col {
            let (y0, y1) = y_range_in_column(left, right, col as f64 - PAD, col as f64 + 1.0 + PAD);
            for row in self.clamp_row(y0 - PAD)..=self.clamp_row(y1 + PAD) {
                self.cells[row * self.cols + col] = MIXED;
            }
        }
    }

    fn clamp_col(&self, x: f64) -> usize {
        (x.floor().max(0.0) as usize).min(self.cols - 1)
    }

    fn clamp_row(&self, y: f64) -> usize {
        (y.floor().max(0.0) as usize).min(self.rows - 1)
    }

    /// Edge-free cells next to each other in a row lie in one region, so each run of them
    /// needs one exact lookup, at its first cell's centre.
    fn fill_runs(&mut self, locate: impl Fn(Coord) -> Option<usize>) {
        for row in 0..self.rows {
            let mut answer = None;
            for col in 0..self.cols {
                let i = row * self.cols + col;
                if self.cells[i] == MIXED {
                    answer = None;
                    continue;
                }
                let value = *answer.get_or_insert_with(|| {
                    let centre = Coord {
                        x: self.origin.x + (col as f64 + 0.5) * self.cell_size.x,
                        y: self.origin.y + (row as f64 + 0.5) * self.cell_size.y,
                    };
                    locate(centre).map_or(OUTSIDE, |k| k as u32 + FIRST_POLYGON)
                });
                self.cells[i] = value;
            }
        }
    }
}

/// The y-range of segment left–right (left.x <= right.x) within the column [x0, x1].
fn y_range_in_column(left: Coord, right: Coord, x0: f64, x1: f64) -> (f64, f64) {
    let dx = right.x - left.x;
    let y_at = |x: f64| {
        if dx <= 0.0 {
            left.y
        } else {
            let t = ((x - left.x) / dx).clamp(0.0, 1.0);
            left.y + t * (right.y - left.y)
        }
    };
    let (ya, yb) = (y_at(x0.max(left.x)), y_at(x1.min(right.x)));
    let (lo, hi) = (ya.min(yb), ya.max(yb));
    if dx <= 0.0 {
        (left.y.min(right.y), left.y.max(right.y))
    } else {
        (lo, hi)
    }
}
