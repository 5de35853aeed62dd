//! GeoJSON: a FeatureCollection with the line first (name, distance, duration), then one
//! Point feature per stop (name, seq).

use std::io::Write;

use serde_json::{Value, json};

use super::{ExportError, Itinerary};

/// The itinerary as a GeoJSON FeatureCollection value.
pub(crate) fn value(itinerary: &Itinerary) -> Value {
    let mut features = vec![json!({
        "type": "Feature",
        "geometry": { "type": "LineString", "coordinates": itinerary.line },
        "properties": {
            "name": itinerary.name,
            "distance_m": itinerary.distance_m,
            "duration_s": itinerary.duration_s,
        },
    })];
    for (i, stop) in itinerary.stops.iter().enumerate() {
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": stop.point },
            "properties": { "name": stop.name, "seq": i },
        }));
    }
    let mut collection = json!({ "type": "FeatureCollection", "features": features });
    if let Some(credit) = &itinerary.attribution {
        collection["attribution"] = json!(credit);
    }
    collection
}

pub(super) fn write(itinerary: &Itinerary, out: impl Write) -> Result<(), ExportError> {
    serde_json::to_writer(out, &value(itinerary))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::export::tests::sample;
    use crate::export::{Format, to_bytes};

    #[test]
    fn geojson_is_a_feature_collection() {
        let bytes = to_bytes(&sample(), Format::GeoJson).expect("geojson");
        let collection: ::geojson::FeatureCollection =
            serde_json::from_slice(&bytes).expect("valid GeoJSON");
        assert_eq!(collection.features.len(), 3);
        let name = collection.features[1]
            .property("name")
            .and_then(|v| v.as_str());
        assert_eq!(name, Some("兰考县派出所"));
    }
}
