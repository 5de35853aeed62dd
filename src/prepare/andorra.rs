//! The `andorra` data set from an OpenStreetMap PBF extract.
//!
//! The extract (`osm/andorra-20130528.osm.pbf`, see the data README) covers Andorra and the
//! French and Catalan valleys around it, and is old and partial. From it:
//!
//! - jurisdictions are the parishes: `boundary=administrative` relations at `admin_level=7`
//!   whose member ways are all in the file and close into rings. A relation missing a way,
//!   or whose rings stay open, is skipped with a warning naming it. In this extract that
//!   drops Canillo (two outer ways missing) and the French and Catalan units at the same
//!   level, which the extract cuts off;
//! - villages are `place` nodes of a settlement kind inside a parish;
//! - stations are `amenity=police` nodes and closed ways, inside a parish or not;
//! - roads are all routable `highway` ways, also those outside Andorra.
//!
//! FIXME: nothing but `admin_level` tells a parish from a neighbouring French or Catalan unit;
//! a fuller extract in which those close would add them as jurisdictions.

use std::path::Path;

use geo::{Intersects, Point};
use osmpbfreader::{Node, OsmId, OsmObj, Relation, Tags};

use super::osm::boundary::{self, BoundaryError};
use super::osm::pbf::{self, OsmData};
use super::osm::{self, police, tags};
use super::{PrepareError, Road, Sources};
use crate::model::{Jurisdiction, Station, Village, VillageKind};

/// The `admin_level` of Andorra's parishes (parròquies).
const PARISH_ADMIN_LEVEL: &str = "7";

/// Prefix of jurisdiction ids, Andorra's ISO 3166-1 code.
const ID_PREFIX: &str = "AD-";

/// Station name when the OSM object has none.
const UNNAMED_STATION: &str = "Police";

/// Reads parishes, villages, police stations and roads from an Andorra OSM PBF extract.
///
/// All geometry is WGS84 (EPSG:4326), axis order (lon, lat), degrees, as stored in OSM.
/// Parish areas are valid `MultiPolygon`s with counter-clockwise exteriors and clockwise
/// holes; a parish whose rings cannot be closed, or whose area cannot be repaired, is left
/// out with a warning rather than guessed. Ids are:
///
/// - parish: `AD-` plus the `ref` or `ISO3166-2` tag, else `AD-r<relation id>`; its code is
///   the `ISO3166-2` tag, else `ref`, else `r<relation id>`;
/// - village and station: `n<node id>`, or `w<way id>` for a station drawn as a building.
///
/// Place nodes outside every parish and unnamed ones are dropped (and counted in the log);
/// a village's population is the `population` tag when it is a whole number.
///
/// # Errors
///
/// [`PrepareError::Io`] when the file cannot be read and [`PrepareError::Pbf`] when it is
/// not an OSM PBF file; both name the path.
///
/// # Examples
///
/// ```no_run
/// # fn main() -> Result<(), gridbeat::prepare::PrepareError> {
/// let path = std::path::Path::new("../shared/data/osm/andorra-20130528.osm.pbf");
/// let sources = gridbeat::prepare::andorra::read(path)?;
/// assert!(sources.villages.iter().all(|v| v.jurisdiction_id.starts_with("AD-")));
/// # Ok(())
/// # }
/// ```
pub fn read(pbf: &Path) -> Result<Sources, PrepareError> {
    let data = pbf::load(pbf, is_wanted)?;

    let jurisdictions = parishes(&data);
    let villages = villages(&data, &jurisdictions);
    let stations = stations(&data, &jurisdictions);
    let roads = roads(&data);

    tracing::info!(
        path = %pbf.display(),
        jurisdictions = jurisdictions.len(),
        villages = villages.len(),
        stations = stations.len(),
        roads = roads.len(),
        "andorra extract read"
    );
    Ok(Sources {
        jurisdictions,
        stations,
        villages,
        roads,
    })
}

/// Whether the reader needs the object itself (the loader adds what it references).
fn is_wanted(obj: &OsmObj) -> bool {
    match obj {
        OsmObj::Relation(relation) => is_parish(&relation.tags),
        OsmObj::Way(way) => osm::roads::is_road(way) || tags::is_police(&way.tags),
        OsmObj::Node(node) => tags::place_kind(&node.tags).is_some() || tags::is_police(&node.tags),
    }
}

fn is_parish(tags: &Tags) -> bool {
    tags.contains("boundary", "administrative") && tags.contains("admin_level", PARISH_ADMIN_LEVEL)
}

/// The parishes whose boundaries close, by relation id.
fn parishes(data: &OsmData) -> Vec<Jurisdiction> {
    let relations = data.objects().filter_map(OsmObj::relation);
    relations
        .filter(|relation| is_parish(&relation.tags))
        .filter_map(|relation| parish(relation, data))
        .collect()
}

/// A parish, or `None` with a warning when its boundary makes no area.
fn parish(relation: &Relation, data: &OsmData) -> Option<Jurisdiction> {
    let geometry = boundary::area(relation, data)
        .inspect_err(|error| warn_skipped(relation, error))
        .ok()?;

    let code = parish_code(relation);
    Some(Jurisdiction {
        id: parish_id(relation),
        name: tags::owned(&relation.tags, "name").unwrap_or_else(|| code.clone()),
        code,
        geometry,
    })
}

fn warn_skipped(relation: &Relation, error: &BoundaryError) {
    let name = tags::value(&relation.tags, "name").unwrap_or_default();
    tracing::warn!(relation.id = relation.id.0, relation.name = name, %error,
        "boundary relation skipped");
}

/// `AD-` and the `ref` or `ISO3166-2` tag, else `AD-r<relation id>`. A tag value that already
/// starts with `AD-` (as ISO 3166-2 codes do) is used as it is.
fn parish_id(relation: &Relation) -> String {
    let key =
        tags::value(&relation.tags, "ref").or_else(|| tags::value(&relation.tags, "ISO3166-2"));
    match key {
        Some(key) if key.starts_with(ID_PREFIX) => key.to_owned(),
        Some(key) => format!("{ID_PREFIX}{key}"),
        None => format!("{ID_PREFIX}r{}", relation.id.0),
    }
}

/// The `ISO3166-2` tag, else `ref`, else `r<relation id>`.
fn parish_code(relation: &Relation) -> String {
    tags::owned(&relation.tags, "ISO3166-2")
        .or_else(|| tags::owned(&relation.tags, "ref"))
        .unwrap_or_else(|| format!("r{}", relation.id.0))
}

/// Why a place node gives no village.
enum Dropped {
    Outside,
    Unnamed,
}

/// The named settlement nodes inside a parish, by node id.
fn villages(data: &OsmData, jurisdictions: &[Jurisdiction]) -> Vec<Village> {
    let (mut villages, mut outside, mut unnamed) = (Vec::new(), 0_usize, 0_usize);
    for node in data.objects().filter_map(OsmObj::node) {
        let Some(kind) = tags::place_kind(&node.tags) else {
            continue;
        };
        match village(node, kind, jurisdictions) {
            Ok(village) => villages.push(village),
            Err(Dropped::Outside) => outside += 1,
            Err(Dropped::Unnamed) => unnamed += 1,
        }
    }

    tracing::info!(
        villages = villages.len(),
        outside,
        unnamed,
        "place nodes read"
    );
    villages
}

fn village(
    node: &Node,
    kind: VillageKind,
    jurisdictions: &[Jurisdiction],
) -> Result<Village, Dropped> {
    let point = Point::new(node.lon(), node.lat());
    let jurisdiction = containing(jurisdictions, point).ok_or(Dropped::Outside)?;
    let name = tags::owned(&node.tags, "name").ok_or(Dropped::Unnamed)?;

    Ok(Village {
        id: format!("n{}", node.id.0),
        code: None,
        name,
        kind,
        point,
        polygon: None,
        population: tags::population(&node.tags),
        jurisdiction_id: jurisdiction.id.clone(),
    })
}

/// Every police node and closed police way that has a location.
fn stations(data: &OsmData, jurisdictions: &[Jurisdiction]) -> Vec<Station> {
    let police = data.objects().filter(|obj| tags::is_police(obj.tags()));
    police
        .filter_map(|obj| station(obj, data, jurisdictions))
        .collect()
}

/// A station, or `None` with a warning when the object has no location.
fn station(obj: &OsmObj, data: &OsmData, jurisdictions: &[Jurisdiction]) -> Option<Station> {
    let id = osm_ref(obj.id());
    let point = police::point(obj, data)
        .inspect_err(|error| tracing::warn!(osm.id = %id, %error, "police object skipped"))
        .ok()?;

    Some(Station {
        name: tags::owned(obj.tags(), "name").unwrap_or_else(|| UNNAMED_STATION.to_owned()),
        jurisdiction_id: containing(jurisdictions, point).map(|j| j.id.clone()),
        id,
        point,
    })
}

/// Every routable way whose nodes are all in the file, by way id.
fn roads(data: &OsmData) -> Vec<Road> {
    let mut skipped = 0_usize;
    let ways = data
        .objects()
        .filter_map(OsmObj::way)
        .filter(|way| osm::roads::is_road(way));
    let roads = ways
        .filter_map(|way| {
            osm::roads::road(way, data)
                .inspect_err(|_| skipped += 1)
                .ok()
        })
        .collect();

    if skipped > 0 {
        tracing::warn!(skipped, "routable ways without a usable line skipped");
    }
    roads
}

/// The first jurisdiction whose area covers the point, its boundary included.
fn containing(jurisdictions: &[Jurisdiction], point: Point<f64>) -> Option<&Jurisdiction> {
    jurisdictions
        .iter()
        .find(|jurisdiction| jurisdiction.geometry.intersects(&point))
}

/// `n<id>`, `w<id>` or `r<id>`, the usual short form of an OSM id.
fn osm_ref(id: OsmId) -> String {
    match id {
        OsmId::Node(id) => format!("n{}", id.0),
        OsmId::Way(id) => format!("w{}", id.0),
        OsmId::Relation(id) => format!("r{}", id.0),
    }
}
