//! Where road ways come from: a data set's prepared roads, or an OSM PBF extract.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use osmpbfreader::{OsmObj, OsmPbfReader};

use super::RoutingError;
use super::profile::is_routable;
use crate::model::Road;

/// One OSM way with the tags routing reads, and its nodes with their (lon, lat), WGS84.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoadWay {
    /// OSM way id.
    pub osm_id: i64,
    /// `highway`.
    pub highway: String,
    /// `oneway`.
    pub oneway: Option<String>,
    /// `junction` (`roundabout` implies one-way).
    pub junction: Option<String>,
    /// `maxspeed`.
    pub maxspeed: Option<String>,
    /// `access`.
    pub access: Option<String>,
    /// `vehicle`.
    pub vehicle: Option<String>,
    /// `motor_vehicle`.
    pub motor_vehicle: Option<String>,
    /// `motorcar`.
    pub motorcar: Option<String>,
    /// `foot`.
    pub foot: Option<String>,
    /// OSM node ids, one per coordinate; a shared id joins two ways.
    pub node_ids: Vec<i64>,
    /// (lon, lat) degrees, WGS84.
    pub coords: Vec<[f64; 2]>,
}

impl RoadWay {
    /// A way with only `highway` set and no nodes.
    pub fn new(osm_id: i64, highway: &str) -> Self {
        Self {
            osm_id,
            highway: highway.to_owned(),
            ..Self::default()
        }
    }

    /// Sets one of the tags routing reads; others are ignored.
    pub fn set_tag(&mut self, key: &str, value: &str) {
        let slot = match key {
            "highway" => {
                value.clone_into(&mut self.highway);
                return;
            }
            "oneway" => &mut self.oneway,
            "junction" => &mut self.junction,
            "maxspeed" => &mut self.maxspeed,
            "access" => &mut self.access,
            "vehicle" => &mut self.vehicle,
            "motor_vehicle" => &mut self.motor_vehicle,
            "motorcar" => &mut self.motorcar,
            "foot" => &mut self.foot,
            _ => return,
        };
        *slot = Some(value.to_owned());
    }

    /// A prepared road (roundabouts already carry `oneway=yes` there).
    pub fn from_road(road: &Road) -> Self {
        Self {
            osm_id: road.osm_id,
            highway: road.highway.clone(),
            oneway: road.oneway.clone(),
            maxspeed: road.maxspeed.clone(),
            access: road.access.clone(),
            node_ids: road.node_ids.clone(),
            coords: road.line.0.iter().map(|c| [c.x, c.y]).collect(),
            ..Self::default()
        }
    }
}

/// Reads the routable `highway` ways of an OSM PBF extract with their node locations.
///
/// A way whose nodes the extract cut off keeps each run of two or more nodes it holds.
///
/// # Errors
///
/// [`RoutingError::Read`] when the file cannot be opened or decoded.
///
/// FIXME: osmpbfreader 0.19 panics on a file cut off inside a blob instead of failing.
pub fn read_pbf(path: &Path) -> Result<Vec<RoadWay>, RoutingError> {
    let read_error = |message: String| RoutingError::Read {
        path: path.to_path_buf(),
        message,
    };
    let file = File::open(path).map_err(|e| read_error(e.to_string()))?;
    let mut reader = OsmPbfReader::new(BufReader::new(file));
    let objects = reader
        .get_objs_and_deps(|obj| {
            obj.way()
                .and_then(|w| w.tags.get("highway"))
                .is_some_and(|h| is_routable(h))
        })
        .map_err(|e| read_error(e.to_string()))?;

    let mut ways = Vec::new();
    for obj in objects.values() {
        let OsmObj::Way(way) = obj else { continue };
        let Some(highway) = way.tags.get("highway") else {
            continue;
        };
        let mut template = RoadWay::new(way.id.0, highway);
        for (key, value) in way.tags.iter() {
            template.set_tag(key, value);
        }
        let mut run = template.clone();
        for id in &way.nodes {
            match objects
                .get(&osmpbfreader::OsmId::Node(*id))
                .and_then(OsmObj::node)
            {
                Some(node) => {
                    run.node_ids.push(id.0);
                    run.coords.push([node.lon(), node.lat()]);
                }
                None => flush(&mut run, &template, &mut ways),
            }
        }
        flush(&mut run, &template, &mut ways);
    }
    Ok(ways)
}

/// Moves a run of nodes into `ways` when it is a line, and starts a new run.
fn flush(run: &mut RoadWay, template: &RoadWay, ways: &mut Vec<RoadWay>) {
    let done = std::mem::replace(run, template.clone());
    if done.node_ids.len() >= 2 {
        ways.push(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_outside_the_list_are_ignored() {
        let mut way = RoadWay::new(7, "track");
        way.set_tag("highway", "residential");
        way.set_tag("oneway", "-1");
        way.set_tag("surface", "asphalt");
        assert_eq!(way.highway, "residential");
        assert_eq!(way.oneway.as_deref(), Some("-1"));
        assert_eq!(way, {
            let mut expected = RoadWay::new(7, "residential");
            expected.oneway = Some("-1".into());
            expected
        });
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let error = read_pbf(Path::new("/nonexistent/x.osm.pbf")).expect_err("no file");
        assert!(matches!(error, RoutingError::Read { .. }), "{error}");
    }
}
