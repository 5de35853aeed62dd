//! Travel profiles: which ways a car or a walker may use, in which direction, how fast.
//!
//! The rules follow common OSM practice in a small, explicit form:
//!
//! - **car**: motorways down to service roads; speed from `maxspeed` where it is a number
//!   (`mph` converted, `walk` as 6 km/h), else a default per `highway` class. `oneway=yes`
//!   (`true`, `1`), `oneway=-1` (`reverse`), roundabouts and motorways (one-way unless tagged
//!   otherwise) are honoured; `reversible`/`alternating` ways are left out. Access is decided by
//!   the most specific of `motorcar`, `motor_vehicle`, `vehicle` and `access` that is present.
//! - **foot**: every routable class except motorways and trunk roads (unless `foot` allows
//!   them), both directions always, 5 km/h (steps 2.5 km/h). Access is decided by `foot`, else
//!   `access`.
//!
//! Access values `no`, `private`, `agricultural` and `forestry` forbid; anything else allows.

use std::fmt;
use std::str::FromStr;

use super::source::RoadWay;

/// How a route is travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// By car (or patrol car).
    Car,
    /// On foot.
    Foot,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Self; 2] = [Self::Car, Self::Foot];

    /// The profile's name in URLs and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Car => "car",
            Self::Foot => "foot",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "car" => Ok(Self::Car),
            "foot" => Ok(Self::Foot),
            other => Err(format!("unknown profile {other:?}; use car or foot")),
        }
    }
}

/// How one way may be travelled in one profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Travel {
    /// Along the way's node order.
    pub forward: bool,
    /// Against it.
    pub backward: bool,
    /// Speed, km/h (> 0).
    pub speed_kmh: f64,
}

/// Walking speed, km/h.
const WALK_KMH: f64 = 5.0;

/// Speed on steps, km/h.
const STEPS_KMH: f64 = 2.5;

/// Default car speed of a `highway` class, km/h; `None` where cars do not go.
fn car_default_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 110.0,
        "trunk" => 90.0,
        "primary" => 70.0,
        "secondary" => 60.0,
        "motorway_link" => 60.0,
        "tertiary" | "trunk_link" => 50.0,
        "primary_link" => 45.0,
        "secondary_link" | "unclassified" => 40.0,
        "tertiary_link" => 35.0,
        "residential" => 30.0,
        "service" => 20.0,
        "living_street" => 10.0,
        _ => return None,
    })
}

/// Whether walkers may use a `highway` class when no tag says otherwise.
fn foot_by_default(highway: &str) -> bool {
    matches!(
        highway,
        "primary"
            | "primary_link"
            | "secondary"
            | "secondary_link"
            | "tertiary"
            | "tertiary_link"
            | "unclassified"
            | "residential"
            | "service"
            | "living_street"
            | "pedestrian"
            | "track"
            | "path"
            | "footway"
            | "cycleway"
            | "steps"
    )
}

/// Whether a `highway` class exists for some profile (the others are never read).
pub fn is_routable(highway: &str) -> bool {
    car_default_kmh(highway).is_some()
        || foot_by_default(highway)
        || matches!(
            highway,
            "trunk" | "trunk_link" | "motorway" | "motorway_link"
        )
}

/// `Some(true)` when an access value allows, `Some(false)` when it forbids.
fn access_value(value: Option<&str>) -> Option<bool> {
    let value = value?.trim();
    Some(!matches!(
        value,
        "no" | "private" | "agricultural" | "forestry"
    ))
}

/// The decision of the first of `values` (most specific tag first) that is present.
fn access_by(values: &[Option<&str>]) -> Option<bool> {
    values.iter().find_map(|v| access_value(*v))
}

/// A `maxspeed` value in km/h, where it is a usable number.
pub fn parse_maxspeed(value: &str) -> Option<f64> {
    let value = value.trim();
    if value == "walk" {
        return Some(6.0);
    }
    let (number, mph) = match value.strip_suffix("mph") {
        Some(n) => (n.trim(), true),
        None => (value.strip_suffix("km/h").unwrap_or(value).trim(), false),
    };
    let kmh = number.parse::<f64>().ok()?;
    let kmh = if mph { kmh * 1.609_344 } else { kmh };
    (kmh.is_finite() && kmh >= 1.0).then_some(kmh)
}

/// Directions allowed to cars by `oneway`, `junction` and the road class.
fn car_directions(way: &RoadWay) -> Option<(bool, bool)> {
    match way.oneway.as_deref().map(str::trim) {
        Some("yes" | "true" | "1") => Some((true, false)),
        Some("-1" | "reverse") => Some((false, true)),
        Some("reversible" | "alternating") => None,
        Some("no" | "false" | "0") => Some((true, true)),
        _ => {
            let roundabout = matches!(way.junction.as_deref(), Some("roundabout" | "circular"));
            let implied = roundabout || way.highway == "motorway";
            Some((true, !implied))
        }
    }
}

/// How `way` may be travelled in `profile`; `None` where the profile may not use it.
pub fn travel(profile: Profile, way: &RoadWay) -> Option<Travel> {
    let highway = way.highway.as_str();
    match profile {
        Profile::Car => {
            let default = car_default_kmh(highway)?;
            let allowed = access_by(&[
                way.motorcar.as_deref(),
                way.motor_vehicle.as_deref(),
                way.vehicle.as_deref(),
                way.access.as_deref(),
            ]);
            if allowed == Some(false) {
                return None;
            }
            let (forward, backward) = car_directions(way)?;
            let speed_kmh = way
                .maxspeed
                .as_deref()
                .and_then(parse_maxspeed)
                .unwrap_or(default);
            Some(Travel {
                forward,
                backward,
                speed_kmh,
            })
        }
        Profile::Foot => {
            let allowed = access_by(&[way.foot.as_deref(), way.access.as_deref()]);
            let explicit_yes = access_value(way.foot.as_deref()) == Some(true);
            let by_class = foot_by_default(highway);
            if allowed == Some(false) || !(by_class || (explicit_yes && is_routable(highway))) {
                return None;
            }
            let speed_kmh = if highway == "steps" {
                STEPS_KMH
            } else {
                WALK_KMH
            };
            Some(Travel {
                forward: true,
                backward: true,
                speed_kmh,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn way(highway: &str, tags: &[(&str, &str)]) -> RoadWay {
        let mut way = RoadWay::new(1, highway);
        for &(key, value) in tags {
            way.set_tag(key, value);
        }
        way
    }

    fn car(highway: &str, tags: &[(&str, &str)]) -> Option<Travel> {
        travel(Profile::Car, &way(highway, tags))
    }

    #[test]
    fn oneway_values_and_implied_oneways() {
        let dirs = |t: Option<Travel>| t.map(|t| (t.forward, t.backward));
        assert_eq!(dirs(car("residential", &[])), Some((true, true)));
        assert_eq!(
            dirs(car("residential", &[("oneway", "yes")])),
            Some((true, false))
        );
        assert_eq!(
            dirs(car("residential", &[("oneway", "-1")])),
            Some((false, true))
        );
        let roundabout = [("junction", "roundabout")];
        assert_eq!(dirs(car("primary", &roundabout)), Some((true, false)));
        assert_eq!(dirs(car("motorway", &[])), Some((true, false)));
        assert_eq!(
            dirs(car("motorway", &[("oneway", "no")])),
            Some((true, true))
        );
        assert_eq!(dirs(car("primary", &[("oneway", "reversible")])), None);
        let walk = travel(Profile::Foot, &way("residential", &[("oneway", "-1")]));
        assert_eq!(dirs(walk), Some((true, true)), "foot ignores oneway");
    }

    #[test]
    fn access_tags_forbid_and_allow() {
        assert!(car("service", &[("access", "private")]).is_none());
        assert!(car("service", &[("motor_vehicle", "no")]).is_none());
        assert!(car("service", &[("access", "no"), ("motor_vehicle", "yes")]).is_some());
        assert!(car("footway", &[]).is_none());
        let foot = |h: &str, tags: &[(&str, &str)]| travel(Profile::Foot, &way(h, tags));
        assert!(foot("footway", &[]).is_some());
        assert!(foot("footway", &[("foot", "no")]).is_none());
        assert!(foot("residential", &[("access", "private")]).is_none());
        assert!(foot("residential", &[("access", "no"), ("foot", "yes")]).is_some());
        assert!(foot("motorway", &[]).is_none());
        assert!(foot("trunk", &[("foot", "yes")]).is_some());
    }

    #[test]
    fn speeds_from_maxspeed_or_class() {
        let speed = |h: &str, tags: &[(&str, &str)]| car(h, tags).map(|t| t.speed_kmh);
        assert_eq!(speed("primary", &[]), Some(70.0));
        assert_eq!(speed("primary", &[("maxspeed", "50")]), Some(50.0));
        assert_eq!(speed("primary", &[("maxspeed", "DE:urban")]), Some(70.0));
        let mph = speed("primary", &[("maxspeed", "30 mph")]).unwrap_or_default();
        assert!((mph - 48.28).abs() < 0.01, "{mph}");
        assert_eq!(parse_maxspeed("walk"), Some(6.0));
        assert_eq!(parse_maxspeed("none"), None);
        assert_eq!(parse_maxspeed("0"), None);
        let steps = travel(Profile::Foot, &way("steps", &[])).map(|t| t.speed_kmh);
        assert_eq!(steps, Some(2.5));
    }

    #[test]
    fn profiles_parse() {
        assert_eq!("Foot".parse::<Profile>(), Ok(Profile::Foot));
        assert!("bike".parse::<Profile>().is_err());
    }
}
