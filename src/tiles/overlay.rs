//! Vector tiles of an arbitrary set of GeoJSON features: analysis results such as coverage
//! gaps, served as one MVT layer beside the data set's own layers.
//!
//! The features are projected to Web Mercator and indexed once; each tile then takes the
//! features whose bounds meet it, clips and snaps them like the data set's layers, and keeps
//! their properties as attributes. Shapes are not generalised: an overlay holds the few
//! features an analysis found, not a whole data set, so every zoom draws them in full.

use geo::{BoundingRect, Coord, Geometry, MapCoords, MultiLineString, MultiPolygon, Rect};
use geozero::mvt::TileValue;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};
use serde_json::Value;

use super::coord::{BUFFER, TileCoord, TileTransform};
use super::encode::{self, LayerBuilder};
use super::geometry;
use crate::crs::mercator::wgs84_to_web_mercator;

/// One feature of an overlay: Web Mercator shape and attributes.
#[derive(Debug, Clone)]
struct Shape {
    geometry: Geometry,
    attributes: Vec<(String, TileValue)>,
}

/// Features ready to be cut into tiles of one layer.
#[derive(Debug)]
pub struct Overlay {
    layer: &'static str,
    shapes: Vec<Shape>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl Overlay {
    /// An overlay named `layer` of `features` (WGS84). Features without geometry, or with one
    /// GeoJSON cannot turn into a shape, are left out; the tile feature id is the index in
    /// `features`.
    pub fn new(layer: &'static str, features: &[geojson::Feature]) -> Self {
        let shapes: Vec<Shape> = features.iter().map(shape).collect();
        let tree = RTree::bulk_load(
            shapes
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let b = s.geometry.bounding_rect()?;
                    let corners = ([b.min().x, b.min().y], [b.max().x, b.max().y]);
                    Some(GeomWithData::new(
                        Rectangle::from_corners(corners.0, corners.1),
                        i,
                    ))
                })
                .collect(),
        );
        Self {
            layer,
            shapes,
            tree,
        }
    }

    /// The layer name used in tiles.
    pub fn layer(&self) -> &'static str {
        self.layer
    }

    /// Number of features that have a shape.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no feature has a shape.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The encoded tile, or `None` when no feature reaches into it.
    pub fn render(&self, tile: TileCoord) -> Option<Vec<u8>> {
        let t = TileTransform::new(tile);
        let b = tile.bounds_3857();
        let margin = BUFFER * tile.size_m() / f64::from(super::coord::EXTENT);
        let envelope = rstar::AABB::from_corners(
            [b.min().x - margin, b.min().y - margin],
            [b.max().x + margin, b.max().y + margin],
        );
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .map(|e| e.data)
            .collect();
        found.sort_unstable();

        let mut out = LayerBuilder::new(self.layer);
        for i in found {
            let shape = &self.shapes[i];
            let attrs = shape.attributes.as_slice();
            match shape.geometry.map_coords(|c| t.apply(c)) {
                Geometry::Point(p) => {
                    if let Some(at) = geometry::point_in_tile(p.0) {
                        out.point(at, i, attrs);
                    }
                }
                Geometry::MultiPoint(points) => {
                    for at in points.iter().filter_map(|p| geometry::point_in_tile(p.0)) {
                        out.point(at, i, attrs);
                    }
                }
                Geometry::LineString(line) => {
                    let lines = MultiLineString::new(vec![line]);
                    out.lines(geometry::lines_in_tile(lines), i, attrs);
                }
                Geometry::MultiLineString(lines) => {
                    out.lines(geometry::lines_in_tile(lines), i, attrs);
                }
                Geometry::Polygon(polygon) => {
                    let shape = MultiPolygon::new(vec![polygon]);
                    out.polygon(geometry::polygon_in_tile(shape, false), i, attrs);
                }
                Geometry::MultiPolygon(shape) => {
                    out.polygon(geometry::polygon_in_tile(shape, false), i, attrs);
                }
                // `shape` keeps only the kinds above.
                _ => {}
            }
        }
        out.finish().map(|layer| encode::tile(vec![layer]))
    }

    /// The WGS84 bounds of all features, if any.
    pub fn bounds_wgs84(&self) -> Option<Rect> {
        let envelope = self.tree.root().envelope();
        (!self.is_empty()).then(|| {
            let lower = mercator_to_lon_lat(envelope.lower());
            let upper = mercator_to_lon_lat(envelope.upper());
            Rect::new(lower, upper)
        })
    }
}

fn mercator_to_lon_lat([x, y]: [f64; 2]) -> Coord {
    let (lon, lat) = crate::crs::mercator::web_mercator_to_wgs84(x, y);
    geo::coord! { x: lon, y: lat }
}

/// The Web Mercator shape and attributes of a feature; a feature without a usable geometry
/// gets an empty collection, which has no bounds and so is never drawn.
fn shape(feature: &geojson::Feature) -> Shape {
    let geometry = feature
        .geometry
        .as_ref()
        .and_then(|g| Geometry::<f64>::try_from(&g.value).ok())
        .filter(|g| {
            matches!(
                g,
                Geometry::Point(_)
                    | Geometry::MultiPoint(_)
                    | Geometry::LineString(_)
                    | Geometry::MultiLineString(_)
                    | Geometry::Polygon(_)
                    | Geometry::MultiPolygon(_)
            )
        })
        .map(|g| {
            g.map_coords(|c| {
                let (x, y) = wgs84_to_web_mercator(c.x, c.y);
                geo::coord! { x: x, y: y }
            })
        })
        .unwrap_or_else(|| Geometry::GeometryCollection(Default::default()));
    let mut attributes: Vec<(String, TileValue)> = feature
        .properties
        .iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), tile_value(v)?)))
        .collect();
    if let Some(id) = &feature.id {
        let id = match id {
            geojson::feature::Id::String(s) => s.clone(),
            geojson::feature::Id::Number(n) => n.to_string(),
        };
        attributes.push(("id".to_owned(), TileValue::Str(id)));
    }
    Shape {
        geometry,
        attributes,
    }
}

/// A property as a tile value: strings, numbers and booleans as they are, arrays and objects
/// as JSON text, null left out (MVT has no null).
fn tile_value(value: &Value) -> Option<TileValue> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(TileValue::Bool(*b)),
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => TileValue::Sint(i),
            (None, Some(f)) => TileValue::Double(f),
            (None, None) => TileValue::Str(n.to_string()),
        }),
        Value::String(s) => Some(TileValue::Str(s.clone())),
        Value::Array(_) | Value::Object(_) => Some(TileValue::Str(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use geozero::mvt::{Message, Tile};
    use serde_json::json;

    use super::*;

    fn features(value: Value) -> Vec<geojson::Feature> {
        let collection: geojson::FeatureCollection =
            serde_json::from_value(value).expect("collection");
        collection.features
    }

    fn tile_at(lon: f64, lat: f64) -> TileCoord {
        let at = geo::coord! { x: lon, y: lat };
        TileCoord::covering(6, Rect::new(at, at))
            .next()
            .expect("a tile")
    }

    fn decode(bytes: &[u8]) -> Tile {
        Tile::decode(bytes).expect("tile decodes")
    }

    #[test]
    fn a_polygon_and_a_point_land_in_the_tiles_that_hold_them() {
        // A square around Andorra la Vella and a point in Zhengzhou: different z6 tiles.
        let found = features(json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "hole-1",
             "properties": {"gap": "hole", "area_m2": 1234.5, "sliver": false, "n": 3},
             "geometry": {"type": "Polygon", "coordinates":
                [[[1.50, 42.49], [1.54, 42.49], [1.54, 42.52], [1.50, 42.52], [1.50, 42.49]]]}},
            {"type": "Feature", "properties": {"gap": "village", "name": "小李庄"},
             "geometry": {"type": "Point", "coordinates": [113.65, 34.76]}},
            {"type": "Feature", "properties": {"gap": "nothing"}, "geometry": null}
        ]}));
        let overlay = Overlay::new("partition", &found);
        assert_eq!(overlay.len(), 2, "the feature without geometry is left out");

        let andorra = tile_at(1.52, 42.5);
        let tile = decode(&overlay.render(andorra).expect("andorra tile"));
        assert_eq!(tile.layers.len(), 1);
        let layer = &tile.layers[0];
        assert_eq!(layer.name, "partition");
        assert_eq!(layer.features.len(), 1);
        assert_eq!(layer.features[0].id, Some(0));
        let keys: Vec<&str> = layer.keys.iter().map(String::as_str).collect();
        for key in ["gap", "area_m2", "sliver", "n", "id"] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }
        let values: Vec<String> = layer
            .values
            .iter()
            .filter_map(|v| v.string_value.clone())
            .collect();
        assert!(values.contains(&"hole-1".to_owned()));
        assert!(layer.values.iter().any(|v| v.double_value == Some(1234.5)));

        let zhengzhou = tile_at(113.65, 34.76);
        let tile = decode(&overlay.render(zhengzhou).expect("zhengzhou tile"));
        assert_eq!(tile.layers[0].features.len(), 1);
        assert_eq!(tile.layers[0].features[0].id, Some(1));
        assert!(
            tile.layers[0]
                .values
                .iter()
                .any(|v| v.string_value.as_deref() == Some("小李庄"))
        );

        let elsewhere = TileCoord::new(6, 0, 0).expect("tile");
        assert!(overlay.render(elsewhere).is_none());
    }

    #[test]
    fn bounds_cover_every_feature() {
        let found = features(json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [1.5, 42.5]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "LineString", "coordinates": [[113.0, 34.0], [114.0, 35.0]]}}
        ]}));
        let b = Overlay::new("x", &found).bounds_wgs84().expect("bounds");
        assert!((b.min().x - 1.5).abs() < 1e-9 && (b.max().x - 114.0).abs() < 1e-9);
        assert!((b.min().y - 34.0).abs() < 1e-9 && (b.max().y - 42.5).abs() < 1e-9);
        assert!(Overlay::new("x", &[]).bounds_wgs84().is_none());
    }
}
