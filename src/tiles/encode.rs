//! MVT encoding through `geozero`: geometry commands, the key/value tables, protobuf.

use geo::{Coord, MultiLineString, MultiPolygon, Point};
use geozero::ToMvt;
use geozero::mvt::tile::{self, Layer};
use geozero::mvt::{Message, TagsBuilder, Tile, TileValue};

use super::coord::EXTENT;

/// One MVT layer being filled.
pub(super) struct LayerBuilder {
    name: &'static str,
    tags: TagsBuilder,
    features: Vec<tile::Feature>,
}

impl LayerBuilder {
    pub(super) fn new(name: &'static str) -> Self {
        Self {
            name,
            tags: TagsBuilder::new(),
            features: Vec::new(),
        }
    }

    pub(super) fn polygon(
        &mut self,
        shape: Option<MultiPolygon>,
        id: usize,
        attrs: &[(impl AsRef<str>, TileValue)],
    ) {
        if let Some(shape) = shape {
            self.push(geo::Geometry::MultiPolygon(shape), id, attrs);
        }
    }

    pub(super) fn lines(
        &mut self,
        shape: Option<MultiLineString>,
        id: usize,
        attrs: &[(impl AsRef<str>, TileValue)],
    ) {
        if let Some(shape) = shape {
            self.push(geo::Geometry::MultiLineString(shape), id, attrs);
        }
    }

    pub(super) fn point(&mut self, at: Coord, id: usize, attrs: &[(impl AsRef<str>, TileValue)]) {
        self.push(geo::Geometry::Point(Point(at)), id, attrs);
    }

    fn push(&mut self, geometry: geo::Geometry, id: usize, attrs: &[(impl AsRef<str>, TileValue)]) {
        // Geometry already in integer tile units; encoding it cannot fail.
        let Ok(mut feature) = geometry.to_mvt_unscaled() else {
            return;
        };
        feature.id = Some(id as u64);
        for (key, value) in attrs {
            let (k, v) = self.tags.insert_ref(key.as_ref(), value.clone());
            feature.tags.extend([k, v]);
        }
        self.features.push(feature);
    }

    /// The finished layer, or `None` when it has no feature.
    pub(super) fn finish(self) -> Option<Layer> {
        if self.features.is_empty() {
            return None;
        }
        let (keys, values) = self.tags.into_tags();
        Some(Layer {
            version: 2,
            name: self.name.to_owned(),
            features: self.features,
            keys,
            values: values.into_iter().map(Into::into).collect(),
            extent: Some(EXTENT),
        })
    }
}

/// Encodes layers as one tile.
pub(super) fn tile(layers: Vec<Layer>) -> Vec<u8> {
    Tile { layers }.encode_to_vec()
}
