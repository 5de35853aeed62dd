//! GPX 1.1 through the `gpx` crate: metadata (name, attribution), one waypoint per stop and
//! one track with one segment along the line.

use std::io::Write;

use ::gpx::{Gpx, GpxVersion, Metadata, Track, TrackSegment, Waypoint};

use super::{ExportError, Itinerary};

fn point(p: [f64; 2]) -> Waypoint {
    Waypoint::new(geo::Point::new(p[0], p[1]))
}

pub(super) fn write(itinerary: &Itinerary, out: impl Write) -> Result<(), ExportError> {
    let waypoints = itinerary
        .stops
        .iter()
        .map(|stop| {
            let mut waypoint = point(stop.point);
            waypoint.name = Some(stop.name.clone());
            waypoint
        })
        .collect();
    let mut track = Track::new();
    track.name = Some(itinerary.name.clone());
    track.segments.push(TrackSegment {
        points: itinerary.line.iter().copied().map(point).collect(),
    });
    let document = Gpx {
        version: GpxVersion::Gpx11,
        creator: Some("gridbeat".into()),
        metadata: Some(Metadata {
            name: Some(itinerary.name.clone()),
            description: itinerary.attribution.clone(),
            ..Metadata::default()
        }),
        waypoints,
        tracks: vec![track],
        routes: Vec::new(),
    };
    ::gpx::write(&document, out).map_err(|e| ExportError::Gpx(e.to_string()))
}

#[cfg(test)]
mod tests {
    use crate::export::tests::sample;
    use crate::export::{Format, to_bytes};

    #[test]
    fn gpx_reads_back_with_names_and_points() {
        let bytes = to_bytes(&sample(), Format::Gpx).expect("gpx");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(text.contains("version=\"1.1\""), "{text}");
        let back = ::gpx::read(bytes.as_slice()).expect("parses");
        let names: Vec<_> = back
            .waypoints
            .iter()
            .filter_map(|w| w.name.clone())
            .collect();
        assert_eq!(names, ["兰考县派出所", "Village \"d'Ordino\""]);
        assert_eq!(back.tracks[0].name.as_deref(), Some("巡逻 <A & B>"));
        assert_eq!(back.tracks[0].segments[0].points.len(), 3);
        let last = back.tracks[0].segments[0].points[2].point();
        assert_eq!((last.x(), last.y()), (1.502, 42.501));
    }
}
