//! Patrols as GeoJSON answers, shared by HTTP and the command line.
//!
//! A plan is a FeatureCollection: one LineString feature per officer with stops (`kind`
//! `route`), a Point for the start (`kind` `start`) and one per planned stop (`kind`
//! `stop`, at its snapped point), plus a `plan` member with the totals, each officer's stop
//! order and the `unserved` stops with their reasons. A street patrol is one Feature.
//! Times of day are `HH:MM:SS` (hours past 23 are the next day), with `_s` twins in seconds
//! after midnight; distances metres, durations seconds.

use serde_json::{Value, json};

use super::clock;
use super::{GridPatrol, OfficerPatrol, PatrolRequest, PlannedStop, RoutedPatrol, SkipReason};
use crate::routing::{OSM_ATTRIBUTION, Snap};

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10_f64.powi(decimals);
    (value * scale).round() / scale
}

fn snap_view(snap: &Snap) -> Value {
    json!({
        "query": snap.query,
        "snapped": snap.point,
        "snap_distance_m": round(snap.distance_m, 2),
    })
}

/// The plan as a FeatureCollection: routes first, then the start, then the stops.
pub fn collection(request: &PatrolRequest, routed: &RoutedPatrol) -> Value {
    let mut features: Vec<Value> = routed
        .officers
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.stops.is_empty())
        .map(|(i, o)| route_feature(request, i, o))
        .collect();
    let mut start = snap_view(&routed.start);
    start["kind"] = json!("start");
    start["name"] = json!(request.start.name);
    start["id"] = json!(request.start.id);
    features.push(point_feature(routed.start.point, start));
    for (i, officer) in routed.officers.iter().enumerate() {
        for (seq, stop) in officer.stops.iter().enumerate() {
            features.push(stop_feature(request, i, seq, stop));
        }
    }
    json!({
        "type": "FeatureCollection",
        "features": features,
        "plan": plan_member(request, routed),
    })
}

fn point_feature(point: [f64; 2], properties: Value) -> Value {
    json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": point },
        "properties": properties,
    })
}

fn route_feature(request: &PatrolRequest, officer: usize, route: &OfficerPatrol) -> Value {
    json!({
        "type": "Feature",
        "geometry": { "type": "LineString", "coordinates": route.line },
        "properties": {
            "kind": "route",
            "officer": officer,
            "stops": route.stops.len(),
            "distance_m": round(route.distance_m, 1),
            "duration_s": round(route.duration_s, 1),
            "travel_s": round(route.travel_s, 1),
            "wait_s": round(route.wait_s, 1),
            "service_s": round(route.service_s, 1),
            "depart_at": clock::format(request.depart_at_s),
            "end_at": clock::format(request.depart_at_s + route.duration_s),
            "back_distance_m": route.back.map(|b| round(b.distance_m, 1)),
            "back_duration_s": route.back.map(|b| round(b.duration_s, 1)),
        },
    })
}

fn stop_feature(request: &PatrolRequest, officer: usize, seq: usize, stop: &PlannedStop) -> Value {
    let asked = &request.stops[stop.stop];
    let mut properties = snap_view(&stop.snap);
    let more = json!({
        "kind": "stop",
        "officer": officer,
        "seq": seq,
        "index": stop.stop,
        "id": asked.place.id,
        "name": asked.place.name,
        "window": asked.window.map(|(o, c)| [clock::format(o), clock::format(c)]),
        "arrival": clock::format(stop.arrival_s),
        "begin": clock::format(stop.begin_s),
        "departure": clock::format(stop.departure_s),
        "arrival_s": round(stop.arrival_s, 1),
        "begin_s": round(stop.begin_s, 1),
        "departure_s": round(stop.departure_s, 1),
        "wait_s": round(stop.begin_s - stop.arrival_s, 1),
        "service_s": round(stop.departure_s - stop.begin_s, 1),
        "leg_distance_m": round(stop.leg.distance_m, 1),
        "leg_duration_s": round(stop.leg.duration_s, 1),
    });
    if let (Some(p), Value::Object(m)) = (properties.as_object_mut(), more) {
        p.extend(m);
    }
    point_feature(stop.snap.point, properties)
}

fn plan_member(request: &PatrolRequest, routed: &RoutedPatrol) -> Value {
    let routes: Vec<Value> = routed
        .officers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            json!({
                "officer": i,
                "stops": o.stops.iter().map(|s| s.stop).collect::<Vec<_>>(),
                "distance_m": round(o.distance_m, 1),
                "duration_s": round(o.duration_s, 1),
                "end_at": clock::format(request.depart_at_s + o.duration_s),
            })
        })
        .collect();
    let unserved: Vec<Value> = routed
        .skipped
        .iter()
        .map(|s| unserved(request, s.stop, &s.reason))
        .collect();
    let served: usize = routed.officers.iter().map(|o| o.stops.len()).sum();
    json!({
        "profile": routed.profile.as_str(),
        "officers": routed.officers.len(),
        "return_to_start": request.return_to_start,
        "depart_at": clock::format(request.depart_at_s),
        "shift_end": request.shift_end_s.map(clock::format),
        "stops": request.stops.len(),
        "served": served,
        "unserved": unserved,
        "longest_s": round(routed.longest_s(), 1),
        "total_travel_s": round(routed.officers.iter().map(|o| o.travel_s).sum(), 1),
        "total_distance_m": round(routed.officers.iter().map(|o| o.distance_m).sum(), 1),
        "routes": routes,
        "attribution": OSM_ATTRIBUTION,
    })
}

fn unserved(request: &PatrolRequest, index: usize, reason: &SkipReason) -> Value {
    let place = &request.stops[index].place;
    let (message, detail) = match *reason {
        SkipReason::NotNearRoad { nearest_m, limit_m } => (
            format!(
                "{} from the nearest {} road; stops must lie within {limit_m:.0} m of one",
                nearest_m.map_or("far".to_owned(), |m| format!("{m:.0} m")),
                request.profile
            ),
            json!({ "distance_m": nearest_m.map(|m| round(m, 1)), "limit_m": limit_m }),
        ),
        SkipReason::Unreachable => ("no road route joins it to the start".into(), json!({})),
        SkipReason::WindowClosed {
            earliest_arrival_s,
            close_s,
        } => (
            format!(
                "its window closes at {}, but the earliest arrival is {}",
                clock::format(close_s),
                clock::format(earliest_arrival_s)
            ),
            json!({ "earliest_arrival": clock::format(earliest_arrival_s),
                    "close": clock::format(close_s) }),
        ),
        SkipReason::BeyondShift {
            earliest_end_s,
            shift_end_s,
        } => (
            format!(
                "even alone it ends the route at {}, after the shift end {}",
                clock::format(earliest_end_s),
                clock::format(shift_end_s)
            ),
            json!({ "earliest_end": clock::format(earliest_end_s),
                    "shift_end": clock::format(shift_end_s) }),
        ),
        _ => (
            "no room for it among the other stops within the shift".into(),
            json!({}),
        ),
    };
    let mut entry = json!({
        "index": index,
        "id": place.id,
        "name": place.name,
        "coordinates": place.point,
        "reason": reason.code(),
        "message": message,
    });
    if let (Some(e), Value::Object(d)) = (entry.as_object_mut(), detail) {
        e.extend(d);
    }
    entry
}

/// A street patrol as a GeoJSON Feature with a LineString.
pub fn street_feature(patrol: &GridPatrol) -> Value {
    json!({
        "type": "Feature",
        "geometry": { "type": "LineString", "coordinates": patrol.line },
        "properties": {
            "grid": patrol.grid,
            "profile": patrol.profile.as_str(),
            "length_m": round(patrol.length_m, 1),
            "duration_s": round(patrol.duration_s, 1),
            "required_m": round(patrol.required_m, 1),
            "repeated_m": round(patrol.repeated_m, 1),
            "repeated_share": round(patrol.repeated_share, 4),
            "lower_bound_m": round(patrol.lower_bound_m, 1),
            "optimal": patrol.optimal,
            "segments": patrol.segments,
            "pieces": patrol.pieces,
            "connectors_m": round(patrol.connectors_m, 1),
            "oneway_relaxed": patrol.oneway_relaxed,
            "attribution": OSM_ATTRIBUTION,
        },
    })
}
