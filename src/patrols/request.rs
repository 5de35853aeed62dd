//! The body of a patrol request, checked field by field and resolved against a data set.
//!
//! ```json
//! {
//!   "start": {"office": "ID"} | {"officer": "ID"} | {"coordinates": [lon, lat], "name": "…"},
//!   "stops": [
//!     {"village": "ID"},
//!     {"coordinates": [lon, lat], "name": "…", "service_minutes": 20,
//!      "window": ["09:00", "11:00"]},
//!     {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
//!      "properties": {"name": "…", "window": [540, 660]}}
//!   ],
//!   "profile": "car", "officers": 2, "return_to_start": true, "service_minutes": 10,
//!   "depart_at": "08:30", "shift_end": "17:30", "name": "Tuesday patrol"
//! }
//! ```
//!
//! Every error names the field to fix, e.g. `stops[3].window`.

use serde_json::{Map, Value};

use super::{PatrolsError, PatrolsResult, clock};
use crate::model::Dataset;
use crate::routing::Profile;

/// Most stops one request may hold.
pub const MAX_STOPS: usize = 500;

/// Most officers one request may share the stops among.
pub const MAX_OFFICERS: usize = 50;

/// Longest service time at a stop, minutes.
const MAX_SERVICE_MINUTES: f64 = 24.0 * 60.0;

/// Departure when the request gives none: 08:00.
const DEFAULT_DEPART_S: f64 = 8.0 * 3600.0;

/// A named place: a start or a stop.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The data set's id (village, office) or the caller's, if any.
    pub id: Option<String>,
    /// Shown in answers and files.
    pub name: String,
    /// (lon, lat), WGS84.
    pub point: [f64; 2],
}

/// One stop to visit.
#[derive(Debug, Clone, PartialEq)]
pub struct StopRequest {
    /// Where.
    pub place: Place,
    /// Time spent there, seconds.
    pub service_s: f64,
    /// When service may begin, seconds after midnight (open, close).
    pub window: Option<(f64, f64)>,
}

/// A checked patrol request.
#[derive(Debug, Clone, PartialEq)]
pub struct PatrolRequest {
    /// What files call the patrol.
    pub name: String,
    /// Where every officer leaves from.
    pub start: Place,
    /// What to visit, in the caller's order.
    pub stops: Vec<StopRequest>,
    /// How the officers travel.
    pub profile: Profile,
    /// How many officers share the stops.
    pub officers: usize,
    /// Whether each officer comes back to the start.
    pub return_to_start: bool,
    /// When the officers leave, seconds after midnight.
    pub depart_at_s: f64,
    /// When every route must be over, seconds after midnight.
    pub shift_end_s: Option<f64>,
}

const KEYS: &[&str] = &[
    "start",
    "stops",
    "profile",
    "officers",
    "return_to_start",
    "service_minutes",
    "depart_at",
    "shift_end",
    "name",
];

impl PatrolRequest {
    /// Checks `body` and resolves its ids in `dataset`.
    ///
    /// # Errors
    ///
    /// [`PatrolsError::Field`] for a missing, malformed or out-of-range field and
    /// [`PatrolsError::Unknown`] for an id the data set does not hold, both naming the field.
    pub fn from_json(body: &Value, dataset: &Dataset) -> PatrolsResult<Self> {
        let body = object(body, "body")?;
        known_keys(body, "body", KEYS)?;

        let start = start(required(body, "start", "body")?, dataset)?;
        let profile = match body.get("profile") {
            None => Profile::Car,
            Some(v) => text(v, "profile")?
                .parse()
                .map_err(|e: String| PatrolsError::field("profile", e))?,
        };
        let officers = whole(body.get("officers"), "officers", 1)?;
        if !(1..=MAX_OFFICERS).contains(&officers) {
            let message = format!("{officers} officers; give 1 to {MAX_OFFICERS}");
            return Err(PatrolsError::field("officers", message));
        }
        let return_to_start = match body.get("return_to_start") {
            None => true,
            Some(v) => v
                .as_bool()
                .ok_or_else(|| PatrolsError::field("return_to_start", "expected true or false"))?,
        };
        let service_default = minutes(body.get("service_minutes"), "service_minutes", 0.0)?;
        let depart_at_s = time(body.get("depart_at"), "depart_at")?.unwrap_or(DEFAULT_DEPART_S);
        let shift_end_s = time(body.get("shift_end"), "shift_end")?;
        if let Some(end) = shift_end_s.filter(|&end| end <= depart_at_s) {
            let message = format!(
                "{} is not after depart_at {}",
                clock::format(end),
                clock::format(depart_at_s)
            );
            return Err(PatrolsError::field("shift_end", message));
        }
        let name = match body.get("name") {
            None => "patrol".to_owned(),
            Some(v) => name(v, "name")?,
        };
        let stops = stops(required(body, "stops", "body")?, dataset, service_default)?;
        Ok(Self {
            name,
            start,
            stops,
            profile,
            officers,
            return_to_start,
            depart_at_s,
            shift_end_s,
        })
    }
}

fn object<'a>(value: &'a Value, field: &str) -> PatrolsResult<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| PatrolsError::field(field, format!("expected a JSON object, got {value}")))
}

fn known_keys(map: &Map<String, Value>, field: &str, keys: &[&str]) -> PatrolsResult<()> {
    match map.keys().find(|k| !keys.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(PatrolsError::field(
            field,
            format!("unknown member {k:?}; use {}", keys.join(", ")),
        )),
    }
}

fn required<'a>(map: &'a Map<String, Value>, key: &str, parent: &str) -> PatrolsResult<&'a Value> {
    map.get(key)
        .ok_or_else(|| PatrolsError::field(key, format!("missing in {parent}")))
}

fn text<'a>(value: &'a Value, field: &str) -> PatrolsResult<&'a str> {
    value
        .as_str()
        .ok_or_else(|| PatrolsError::field(field, format!("expected a string, got {value}")))
}

/// A display name: 1 to 200 characters once trimmed.
fn name(value: &Value, field: &str) -> PatrolsResult<String> {
    let name = text(value, field)?.trim();
    match name.chars().count() {
        1..=200 => Ok(name.to_owned()),
        _ => Err(PatrolsError::field(field, "give 1 to 200 characters")),
    }
}

fn whole(value: Option<&Value>, field: &str, default: usize) -> PatrolsResult<usize> {
    let Some(value) = value else {
        return Ok(default);
    };
    value
        .as_u64()
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(|| PatrolsError::field(field, format!("expected a whole number, got {value}")))
}

fn minutes(value: Option<&Value>, field: &str, default_s: f64) -> PatrolsResult<f64> {
    let Some(value) = value else {
        return Ok(default_s);
    };
    match value.as_f64() {
        Some(m) if (0.0..=MAX_SERVICE_MINUTES).contains(&m) => Ok(m * 60.0),
        _ => Err(PatrolsError::field(
            field,
            format!("expected minutes from 0 to {MAX_SERVICE_MINUTES}, got {value}"),
        )),
    }
}

fn time(value: Option<&Value>, field: &str) -> PatrolsResult<Option<f64>> {
    value
        .map(|v| clock::parse(v, field).map_err(|m| PatrolsError::field(field, strip(m, field))))
        .transpose()
}

/// Drops a leading `field: ` that [`clock::parse`] puts in its messages.
fn strip(message: String, field: &str) -> String {
    message
        .strip_prefix(&format!("{field}: "))
        .map_or(message.clone(), str::to_owned)
}

fn coordinates(value: &Value, field: &str) -> PatrolsResult<[f64; 2]> {
    let numbers: Option<Vec<f64>> = value
        .as_array()
        .map(|a| a.iter().map(Value::as_f64).collect())
        .unwrap_or(None);
    match numbers.as_deref() {
        Some(&[lon, lat]) if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) => {
            Ok([lon, lat])
        }
        _ => Err(PatrolsError::field(
            field,
            format!("expected [lon, lat] in WGS84 degrees, got {value}"),
        )),
    }
}

fn start(value: &Value, dataset: &Dataset) -> PatrolsResult<Place> {
    let map = object(value, "start")?;
    known_keys(map, "start", &["office", "officer", "coordinates", "name"])?;
    let office = |id: &str, field: &str| -> PatrolsResult<Place> {
        let office = dataset.office(id).ok_or_else(|| PatrolsError::Unknown {
            field: field.to_owned(),
            kind: "office",
            id: id.to_owned(),
        })?;
        Ok(Place {
            id: Some(office.id.clone()),
            name: office.name.clone(),
            point: [office.point.x(), office.point.y()],
        })
    };
    let mut place = match (
        map.get("office"),
        map.get("officer"),
        map.get("coordinates"),
    ) {
        (Some(id), None, None) => office(text(id, "start.office")?, "start.office")?,
        (None, Some(id), None) => {
            let id = text(id, "start.officer")?;
            let officer = dataset.officer(id).ok_or_else(|| PatrolsError::Unknown {
                field: "start.officer".into(),
                kind: "officer",
                id: id.to_owned(),
            })?;
            office(&officer.office_id, "start.officer")?
        }
        (None, None, Some(c)) => Place {
            id: None,
            name: "start".into(),
            point: coordinates(c, "start.coordinates")?,
        },
        _ => {
            let message = "give exactly one of office, officer or coordinates";
            return Err(PatrolsError::field("start", message));
        }
    };
    if let Some(n) = map.get("name") {
        place.name = name(n, "start.name")?;
    }
    Ok(place)
}

fn stops(value: &Value, dataset: &Dataset, service_s: f64) -> PatrolsResult<Vec<StopRequest>> {
    let list = value
        .as_array()
        .ok_or_else(|| PatrolsError::field("stops", "expected an array of stops"))?;
    if list.is_empty() {
        return Err(PatrolsError::field("stops", "give at least one stop"));
    }
    if list.len() > MAX_STOPS {
        let message = format!("{} stops; a patrol takes at most {MAX_STOPS}", list.len());
        return Err(PatrolsError::field("stops", message));
    }
    list.iter()
        .enumerate()
        .map(|(i, v)| stop(v, &format!("stops[{i}]"), dataset, service_s))
        .collect()
}

const STOP_KEYS: &[&str] = &[
    "village",
    "coordinates",
    "name",
    "id",
    "service_minutes",
    "window",
];

fn stop(
    value: &Value,
    field: &str,
    dataset: &Dataset,
    service_s: f64,
) -> PatrolsResult<StopRequest> {
    let map = object(value, field)?;
    // A GeoJSON Point Feature carries its members in `properties`.
    let (members, point) = if map.get("type").and_then(Value::as_str) == Some("Feature") {
        let geometry = map.get("geometry").and_then(Value::as_object);
        let is_point = geometry.and_then(|g| g.get("type")).and_then(Value::as_str);
        let Some(geometry) = geometry.filter(|_| is_point == Some("Point")) else {
            let message = "a Feature stop needs a Point geometry";
            return Err(PatrolsError::field(format!("{field}.geometry"), message));
        };
        let point = coordinates(
            geometry.get("coordinates").unwrap_or(&Value::Null),
            &format!("{field}.geometry.coordinates"),
        )?;
        let empty = Map::new();
        let properties = map
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut members = properties.clone();
        if let Some(id) = map.get("id").filter(|_| !members.contains_key("id")) {
            members.insert("id".into(), id.clone());
        }
        // Unknown properties of a Feature are the caller's own data, not mistakes.
        // The geometry gives the place, so `village` and `coordinates` there are ignored too.
        members.retain(|k, _| ["id", "name", "service_minutes", "window"].contains(&k.as_str()));
        (members, Some(point))
    } else {
        known_keys(map, field, STOP_KEYS)?;
        (map.clone(), None)
    };
    let at = |key: &str| format!("{field}.{key}");

    let place = place(&members, point, field, dataset)?;
    let service_s = minutes(
        members.get("service_minutes"),
        &at("service_minutes"),
        service_s,
    )?;
    let window = members
        .get("window")
        .map(|w| window(w, &at("window")))
        .transpose()?;
    Ok(StopRequest {
        place,
        service_s,
        window,
    })
}

fn place(
    members: &Map<String, Value>,
    point: Option<[f64; 2]>,
    field: &str,
    dataset: &Dataset,
) -> PatrolsResult<Place> {
    let at = |key: &str| format!("{field}.{key}");
    let id = match members.get("id") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(PatrolsError::field(
                at("id"),
                format!("expected text, got {other}"),
            ));
        }
    };
    let mut place = match (members.get("village"), members.get("coordinates"), point) {
        (Some(v), None, None) => {
            let id = text(v, &at("village"))?;
            let village = dataset.village(id).ok_or_else(|| PatrolsError::Unknown {
                field: at("village"),
                kind: "village",
                id: id.to_owned(),
            })?;
            Place {
                id: Some(village.id.clone()),
                name: village.name.clone(),
                point: [village.point.x(), village.point.y()],
            }
        }
        (None, Some(c), None) => Place {
            id: None,
            name: String::new(),
            point: coordinates(c, &at("coordinates"))?,
        },
        (None, None, Some(point)) => Place {
            id: None,
            name: String::new(),
            point,
        },
        _ => {
            let message = "give exactly one of village, coordinates or a Point Feature";
            return Err(PatrolsError::field(field, message));
        }
    };
    if id.is_some() {
        place.id = id;
    }
    if let Some(n) = members.get("name") {
        place.name = name(n, &at("name"))?;
    }
    if place.name.is_empty() {
        // Unnamed stops are called by their position, counted from 1.
        let position = field.trim_start_matches("stops[").trim_end_matches(']');
        let position = position.parse::<usize>().map_or(0, |p| p + 1);
        place.name = place
            .id
            .clone()
            .unwrap_or_else(|| format!("stop {position}"));
    }
    Ok(place)
}

fn window(value: &Value, field: &str) -> PatrolsResult<(f64, f64)> {
    let pair = value.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
        PatrolsError::field(field, "expected [open, close], e.g. [\"09:00\", \"11:00\"]")
    })?;
    let open = time(Some(&pair[0]), field)?.unwrap_or(0.0);
    let close = time(Some(&pair[1]), field)?.unwrap_or(0.0);
    if close < open {
        let message = format!(
            "closes at {} before it opens at {}",
            clock::format(close),
            clock::format(open)
        );
        return Err(PatrolsError::field(field, message));
    }
    Ok((open, close))
}
