//! Vector tiles (MVT 2.1) straight from the in-memory atlas.
//!
//! For a tile, each requested layer: finds candidates through the layer's R-tree with the
//! tile's buffered WGS84 bounds; takes their geometry generalised for the zoom
//! ([`generalize`]); moves it into tile units, clips it to the buffered tile and snaps it
//! ([`geometry`]); thins points at low zoom; and encodes features with their attributes
//! ([`layers`]) through `geozero`.

pub mod cache;
pub mod coord;
mod encode;
pub mod generalize;
mod geometry;
pub mod layers;
pub mod overlay;

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use geo::{Coord, MapCoords, MultiLineString, MultiPolygon};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

pub use cache::{CachedTile, TileCache};
pub use coord::{BadTile, TileCoord};
pub use layers::{TileLayer, UnknownLayer};
pub use overlay::Overlay;

use self::coord::{BUFFER, TileTransform};
use self::encode::LayerBuilder;
use self::generalize::Generalized;
use crate::atlas::Atlas;
use crate::crs::mercator::wgs84_to_web_mercator;

/// Below this zoom, points closer than [`THIN_CELL_UNITS`] to a kept point are dropped.
pub const THIN_BELOW_ZOOM: u8 = 12;
/// Side of the thinning cell in tile units (8 pixels of a 256-pixel tile).
pub const THIN_CELL_UNITS: f64 = 128.0;

/// Everything needed to cut tiles from one atlas.
#[derive(Debug)]
pub struct TileSource {
    atlas: Arc<Atlas>,
    jurisdictions: Arc<Generalized<MultiPolygon>>,
    grids: Arc<Generalized<MultiPolygon>>,
    roads: Arc<Generalized<MultiLineString>>,
    road_tree: Arc<RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>>,
    /// Per layer (in [`TileLayer::ALL`] order): every record's attributes.
    attributes: [OnceLock<Vec<Vec<Attribute>>>; 7],
    /// Grid attributes at overview zooms.
    grid_overview: OnceLock<Vec<Vec<Attribute>>>,
}

/// One attribute of a tile feature.
type Attribute = (&'static str, geozero::mvt::TileValue);

/// A tile request naming layers that do not exist.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TileRequestError {
    /// A layer id is unknown or absent from this data set.
    #[error(transparent)]
    UnknownLayer(#[from] UnknownLayer),
    /// The same layer twice, or none.
    #[error("list each tile layer once, separated by commas, e.g. grids,villages")]
    BadList,
}

impl TileSource {
    /// Projects the atlas's polygons and lines to Web Mercator and indexes the roads.
    pub fn new(atlas: Arc<Atlas>) -> Self {
        let d = &atlas.dataset;
        let roads: Vec<MultiLineString> = atlas
            .roads
            .iter()
            .map(|r| MultiLineString::new(vec![r.line.clone()]))
            .collect();
        let road_tree = RTree::bulk_load(
            atlas
                .roads
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let b = geo::BoundingRect::bounding_rect(&r.line)?;
                    let rect =
                        Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                    Some(GeomWithData::new(rect, i))
                })
                .collect(),
        );
        Self {
            jurisdictions: Arc::new(Generalized::new(
                d.jurisdictions.iter().map(|j| &j.geometry),
            )),
            grids: Arc::new(Generalized::new(d.grids.iter().map(|g| &g.geometry))),
            roads: Arc::new(Generalized::new(roads.iter())),
            road_tree: Arc::new(road_tree),
            attributes: Default::default(),
            grid_overview: OnceLock::new(),
            atlas,
        }
    }

    /// Tiles of `atlas`, an edited copy of this source's atlas in which no jurisdiction, grid
    /// or road changed shape: the generalised geometry is shared, attributes are built anew.
    pub fn next(&self, atlas: Arc<Atlas>) -> Self {
        Self {
            jurisdictions: self.jurisdictions.clone(),
            grids: self.grids.clone(),
            roads: self.roads.clone(),
            road_tree: self.road_tree.clone(),
            attributes: Default::default(),
            grid_overview: OnceLock::new(),
            atlas,
        }
    }

    /// Builds attributes and generalises every zoom now (two threads), so no request pays.
    pub fn warm(&self) {
        for layer in self.available() {
            self.attrs(layer, 0, 0);
            self.attrs(layer, 0, layers::GRID_DETAIL_ZOOM);
        }
        std::thread::scope(|s| {
            s.spawn(|| self.grids.warm());
            s.spawn(|| {
                self.jurisdictions.warm();
                self.roads.warm();
            });
        });
    }

    /// The atlas the tiles are cut from.
    pub fn atlas(&self) -> &Arc<Atlas> {
        &self.atlas
    }

    /// The layers this data set has, in drawing order.
    pub fn available(&self) -> Vec<TileLayer> {
        TileLayer::ALL
            .into_iter()
            .filter(|l| l.available(&self.atlas))
            .collect()
    }

    /// Parses a comma-separated layer list such as `grids,villages`.
    ///
    /// # Errors
    ///
    /// An unknown layer, a layer this data set lacks, a repeat, or an empty list.
    pub fn parse_layers(&self, list: &str) -> Result<Vec<TileLayer>, TileRequestError> {
        let mut seen = HashSet::new();
        let mut layers = Vec::new();
        for id in list.split(',') {
            let layer: TileLayer = id.parse()?;
            if !layer.available(&self.atlas) {
                return Err(UnknownLayer(id.to_owned()).into());
            }
            if !seen.insert(layer) {
                return Err(TileRequestError::BadList);
            }
            layers.push(layer);
        }
        Ok(layers)
    }

    /// The encoded tile, or `None` when no layer has a feature in it.
    pub fn render(&self, layers: &[TileLayer], tile: TileCoord) -> Option<Vec<u8>> {
        let encoded: Vec<_> = layers
            .iter()
            .filter_map(|&layer| self.render_layer(layer, tile))
            .collect();
        (!encoded.is_empty()).then(|| encode::tile(encoded))
    }

    fn render_layer(&self, layer: TileLayer, tile: TileCoord) -> Option<geozero::mvt::tile::Layer> {
        let t = TileTransform::new(tile);
        let bbox = tile.bounds_wgs84(BUFFER);
        let ix = &self.atlas.index;
        let d = &self.atlas.dataset;
        let mut out = LayerBuilder::new(layer.id());
        match layer {
            TileLayer::Jurisdictions => {
                let found = ix.jurisdictions.in_bbox(bbox);
                self.polygons(&mut out, layer, tile, &self.jurisdictions, found);
            }
            TileLayer::Grids => {
                let found = ix.grids.in_bbox(bbox);
                self.polygons(&mut out, layer, tile, &self.grids, found);
            }
            TileLayer::Roads => {
                let envelope = rstar::AABB::from_corners(
                    [bbox.min().x, bbox.min().y],
                    [bbox.max().x, bbox.max().y],
                );
                let mut found: Vec<usize> = self
                    .road_tree
                    .locate_in_envelope_intersecting(&envelope)
                    .map(|e| e.data)
                    .collect();
                found.sort_unstable();
                self.lines(&mut out, layer, tile, found);
            }
            TileLayer::Villages => {
                let points = ix
                    .villages
                    .in_bbox(bbox)
                    .into_iter()
                    .map(|i| (i, d.villages[i].point.0));
                self.points(&mut out, layer, tile, t, points);
            }
            TileLayer::Stations => {
                let points = ix
                    .stations
                    .in_bbox(bbox)
                    .into_iter()
                    .map(|i| (i, d.stations[i].point.0));
                self.points(&mut out, layer, tile, t, points);
            }
            TileLayer::Offices => {
                let points = ix
                    .offices
                    .in_bbox(bbox)
                    .into_iter()
                    .map(|i| (i, d.offices[i].point.0));
                self.points(&mut out, layer, tile, t, points);
            }
            TileLayer::Officers => {
                let points = ix.offices.in_bbox(bbox).into_iter().flat_map(|o| {
                    let at = d.offices[o].point.0;
                    self.atlas.office_officers(o).iter().map(move |&i| (i, at))
                });
                let mut points: Vec<_> = points.collect();
                points.sort_unstable_by_key(|(i, _)| *i);
                self.points(&mut out, layer, tile, t, points.into_iter());
            }
        }
        out.finish()
    }

    /// Adds polygons: generalised integer shapes shifted to the tile up to
    /// [`generalize::MAX_GENERALIZED_ZOOM`], full shapes transformed and snapped above.
    fn polygons(
        &self,
        out: &mut LayerBuilder,
        layer: TileLayer,
        tile: TileCoord,
        shapes: &Generalized<MultiPolygon>,
        found: Vec<usize>,
    ) {
        let (pixels, offset) = (shapes.at(tile.z), tile_origin(tile));
        let t = TileTransform::new(tile);
        for i in found {
            let in_tile = match pixels {
                Some(p) => geometry::polygon_in_tile(p[i].map_coords(|c| c - offset), true),
                None => {
                    geometry::polygon_in_tile(shapes.full()[i].map_coords(|c| t.apply(c)), false)
                }
            };
            out.polygon(in_tile, i, self.attrs(layer, i, tile.z));
        }
    }

    /// Adds road lines, generalised like polygons.
    fn lines(&self, out: &mut LayerBuilder, layer: TileLayer, tile: TileCoord, found: Vec<usize>) {
        let (pixels, offset) = (self.roads.at(tile.z), tile_origin(tile));
        let t = TileTransform::new(tile);
        for i in found {
            let in_tile = match pixels {
                Some(p) => p[i].map_coords(|c| c - offset),
                None => self.roads.full()[i].map_coords(|c| t.apply(c)),
            };
            out.lines(
                geometry::lines_in_tile(in_tile),
                i,
                self.attrs(layer, i, tile.z),
            );
        }
    }

    /// The attributes of record `i`, built once per layer and detail level.
    fn attrs(&self, layer: TileLayer, i: usize, zoom: u8) -> &[Attribute] {
        let overview = layer == TileLayer::Grids && zoom < layers::GRID_DETAIL_ZOOM;
        let slot = TileLayer::ALL.iter().position(|l| *l == layer).unwrap_or(0);
        let cell = if overview {
            &self.grid_overview
        } else {
            &self.attributes[slot]
        };
        let all = cell.get_or_init(|| {
            let zoom = if overview {
                0
            } else {
                layers::GRID_DETAIL_ZOOM
            };
            (0..self.len(layer))
                .map(|i| layers::attributes(&self.atlas, layer, i, zoom))
                .collect()
        });
        all.get(i).map_or(&[], Vec::as_slice)
    }

    fn len(&self, layer: TileLayer) -> usize {
        let d = &self.atlas.dataset;
        match layer {
            TileLayer::Jurisdictions => d.jurisdictions.len(),
            TileLayer::Grids => d.grids.len(),
            TileLayer::Villages => d.villages.len(),
            TileLayer::Stations => d.stations.len(),
            TileLayer::Offices => d.offices.len(),
            TileLayer::Officers => d.officers.len(),
            TileLayer::Roads => self.atlas.roads.len(),
        }
    }

    /// Adds points, keeping at low zoom only the first point of each thinning cell.
    fn points(
        &self,
        out: &mut LayerBuilder,
        layer: TileLayer,
        tile: TileCoord,
        t: TileTransform,
        points: impl Iterator<Item = (usize, Coord)>,
    ) {
        let mut occupied = HashSet::new();
        for (i, lon_lat) in points {
            let (x, y) = wgs84_to_web_mercator(lon_lat.x, lon_lat.y);
            let Some(p) = geometry::point_in_tile(t.apply(geo::coord! { x: x, y: y })) else {
                continue;
            };
            if tile.z < THIN_BELOW_ZOOM {
                let cell = (
                    (p.x / THIN_CELL_UNITS).floor() as i64,
                    (p.y / THIN_CELL_UNITS).floor() as i64,
                );
                if !occupied.insert(cell) {
                    continue;
                }
            }
            out.point(p, i, self.attrs(layer, i, tile.z));
        }
    }
}

/// The tile's top-left corner in its zoom's global pixel grid.
fn tile_origin(tile: TileCoord) -> Coord {
    let side = f64::from(coord::EXTENT);
    geo::coord! { x: f64::from(tile.x) * side, y: f64::from(tile.y) * side }
}
