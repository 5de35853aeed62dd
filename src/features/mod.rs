//! Layers as GeoJSON features, the domain side of OGC API – Features.
//!
//! [`Collection`] names the six collections; [`items`] filters one by bounding box and text
//! and returns a page of features with the properties a map and an analyst need.

mod properties;

use std::str::FromStr;

use geo::{BoundingRect, Intersects, Rect};
use geojson::{Feature, GeometryValue, JsonObject};

use crate::atlas::Atlas;

/// A published collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Jurisdiction polygons.
    Jurisdictions,
    /// Grid polygons with their officers.
    Grids,
    /// Village points.
    Villages,
    /// Police station points.
    Stations,
    /// Police office points.
    Offices,
    /// Officers, located at their office.
    Officers,
}

impl Collection {
    /// Every collection, in catalogue order.
    pub const ALL: [Collection; 6] = [
        Self::Jurisdictions,
        Self::Grids,
        Self::Villages,
        Self::Stations,
        Self::Offices,
        Self::Officers,
    ];

    /// The collection id used in URLs.
    pub fn id(self) -> &'static str {
        match self {
            Self::Jurisdictions => "jurisdictions",
            Self::Grids => "grids",
            Self::Villages => "villages",
            Self::Stations => "stations",
            Self::Offices => "offices",
            Self::Officers => "officers",
        }
    }

    /// A one-line description.
    pub fn description(self) -> &'static str {
        match self {
            Self::Jurisdictions => "Areas a police station answers for (counties, parishes)",
            Self::Grids => "Grid cells (网格), each with its primary community officer",
            Self::Villages => "Villages, hamlets, towns and urban communities",
            Self::Stations => "Police stations (派出所)",
            Self::Offices => "Police offices (警务室)",
            Self::Officers => "Community officers and auxiliaries, located at their office",
        }
    }

    /// Number of records.
    pub fn len(self, atlas: &Atlas) -> usize {
        let d = &atlas.dataset;
        match self {
            Self::Jurisdictions => d.jurisdictions.len(),
            Self::Grids => d.grids.len(),
            Self::Villages => d.villages.len(),
            Self::Stations => d.stations.len(),
            Self::Offices => d.offices.len(),
            Self::Officers => d.officers.len(),
        }
    }

    /// Whether the collection has no records.
    pub fn is_empty(self, atlas: &Atlas) -> bool {
        self.len(atlas) == 0
    }
}

/// An unknown collection id.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("unknown collection {0:?}; /ogc/collections lists them")]
pub struct UnknownCollection(pub String);

impl FromStr for Collection {
    type Err = UnknownCollection;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.id() == s)
            .ok_or_else(|| UnknownCollection(s.to_owned()))
    }
}

/// Filters and paging of an items request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemsQuery {
    /// Keep features whose geometry intersects any of these boxes (lon/lat, WGS84); none
    /// keeps all. A box across the antimeridian is given as two.
    pub bbox: Vec<Rect>,
    /// Keep features whose name contains this text (ignoring case, accents and apostrophe
    /// style) or whose id or code starts with it.
    pub q: Option<String>,
    /// Keep features whose property (first) equals the text (second), every pair; names
    /// from [`property_names`].
    pub properties: Vec<(String, String)>,
    /// Skip this many matches.
    pub offset: usize,
    /// Return at most this many.
    pub limit: usize,
}

/// One page of matching features.
#[derive(Debug, Clone)]
pub struct Page {
    /// The features of this page.
    pub features: Vec<Feature>,
    /// Matches in total, across all pages.
    pub number_matched: usize,
}

/// The matching features of `collection`, in data set order.
pub fn items(atlas: &Atlas, collection: Collection, query: &ItemsQuery) -> Page {
    let candidates: Vec<usize> = if query.bbox.is_empty() {
        (0..collection.len(atlas)).collect()
    } else {
        let mut found: Vec<usize> = query
            .bbox
            .iter()
            .flat_map(|&b| candidates_in(atlas, collection, b))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    };
    let matched: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| {
            query
                .q
                .as_deref()
                .is_none_or(|q| properties::matches_text(atlas, collection, i, q))
        })
        .filter(|&i| {
            query.properties.is_empty() || {
                let (_, found) = properties::of(atlas, collection, i);
                query
                    .properties
                    .iter()
                    .all(|(name, wanted)| properties::equals(&found, name, wanted))
            }
        })
        .collect();
    let features = matched
        .iter()
        .skip(query.offset)
        .take(query.limit)
        .map(|&i| feature(atlas, collection, i))
        .collect();
    Page {
        features,
        number_matched: matched.len(),
    }
}

/// The properties a query on `collection` may filter on by equality.
pub fn property_names(collection: Collection) -> &'static [&'static str] {
    properties::names(collection)
}

/// The feature with this id.
pub fn item(atlas: &Atlas, collection: Collection, id: &str) -> Option<Feature> {
    let d = &atlas.dataset;
    let position = match collection {
        Collection::Jurisdictions => d.jurisdiction_position(id),
        Collection::Grids => d.grid_position(id),
        Collection::Villages => d.village_position(id),
        Collection::Stations => d.stations.iter().position(|r| r.id == id),
        Collection::Offices => d.office_position(id),
        Collection::Officers => d.officers.iter().position(|r| r.id == id),
    }?;
    Some(feature(atlas, collection, position))
}

/// The bounding box of a collection, if it has any geometry.
pub fn extent(atlas: &Atlas, collection: Collection) -> Option<Rect> {
    let boxes =
        (0..collection.len(atlas)).filter_map(|i| geometry(atlas, collection, i)?.bounding_rect());
    boxes.reduce(crate::index::union)
}

fn candidates_in(atlas: &Atlas, collection: Collection, bbox: Rect) -> Vec<usize> {
    let ix = &atlas.index;
    let d = &atlas.dataset;
    match collection {
        Collection::Jurisdictions => ix
            .jurisdictions
            .in_bbox(bbox)
            .into_iter()
            .filter(|&i| d.jurisdictions[i].geometry.intersects(&bbox))
            .collect(),
        Collection::Grids => ix
            .grids
            .in_bbox(bbox)
            .into_iter()
            .filter(|&i| d.grids[i].geometry.intersects(&bbox))
            .collect(),
        Collection::Villages => ix.villages.in_bbox(bbox),
        Collection::Stations => ix.stations.in_bbox(bbox),
        Collection::Offices => ix.offices.in_bbox(bbox),
        Collection::Officers => {
            let offices = ix.offices.in_bbox(bbox);
            let inside: std::collections::HashSet<&str> =
                offices.iter().map(|&i| d.offices[i].id.as_str()).collect();
            (0..d.officers.len())
                .filter(|&i| inside.contains(d.officers[i].office_id.as_str()))
                .collect()
        }
    }
}

/// The geometry of record `i`; officers are placed at their office.
fn geometry(atlas: &Atlas, collection: Collection, i: usize) -> Option<geo::Geometry> {
    let d = &atlas.dataset;
    Some(match collection {
        Collection::Jurisdictions => d.jurisdictions[i].geometry.clone().into(),
        Collection::Grids => d.grids[i].geometry.clone().into(),
        Collection::Villages => d.villages[i].point.into(),
        Collection::Stations => d.stations[i].point.into(),
        Collection::Offices => d.offices[i].point.into(),
        Collection::Officers => d.office(&d.officers[i].office_id)?.point.into(),
    })
}

fn feature(atlas: &Atlas, collection: Collection, i: usize) -> Feature {
    let (id, properties): (String, JsonObject) = properties::of(atlas, collection, i);
    Feature {
        id: Some(geojson::feature::Id::String(id)),
        geometry: geometry(atlas, collection, i)
            .map(|g| geojson::Geometry::new(GeometryValue::from(&g))),
        properties: Some(properties),
        ..Feature::default()
    }
}
