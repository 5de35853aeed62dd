//! Files for phones, car units and GIS tools from any route with named stops: GPX 1.1,
//! KML 2.2, GeoJSON and CSV. A point-to-point route and a patrol both become an
//! [`Itinerary`] and share these writers.
//!
//! Names are written as UTF-8 text, Chinese included, escaped where the format needs it.

mod csv;
mod geojson;
mod gpx;
mod kml;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// A route or patrol to export: a line and the stops along it, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Itinerary {
    /// What the file calls it.
    pub name: String,
    /// Who to credit for the underlying data (written where the format has room).
    pub attribution: Option<String>,
    /// (lon, lat) vertices, WGS84.
    pub line: Vec<[f64; 2]>,
    /// Named stops, in visiting order.
    pub stops: Vec<NamedStop>,
    /// Length in metres, if known.
    pub distance_m: Option<f64>,
    /// Travel time in seconds, if known.
    pub duration_s: Option<f64>,
}

impl Itinerary {
    /// A copy whose names hold only characters XML 1.0 allows: control characters (but tab
    /// and line breaks) and the noncharacters U+FFFE and U+FFFF are dropped, so a GPX or KML
    /// file stays well-formed whatever the names were.
    fn xml_safe(&self) -> Self {
        let mut safe = self.clone();
        safe.name = xml_text(&self.name);
        safe.attribution = self.attribution.as_deref().map(xml_text);
        for stop in &mut safe.stops {
            stop.name = xml_text(&stop.name);
        }
        safe
    }
}

/// `text` without the characters XML 1.0 does not allow.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
}

/// A stop with a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedStop {
    /// Shown in the file (village, office, "start", ...).
    pub name: String,
    /// (lon, lat), WGS84.
    pub point: [f64; 2],
}

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GPX 1.1: one track, one waypoint per stop.
    Gpx,
    /// KML 2.2: a LineString placemark and one Point placemark per stop.
    Kml,
    /// GeoJSON: a FeatureCollection, the line first, then the stops.
    GeoJson,
    /// CSV: one row per stop, then one per line vertex.
    Csv,
}

impl Format {
    /// Every format.
    pub const ALL: [Self; 4] = [Self::Gpx, Self::Kml, Self::GeoJson, Self::Csv];

    /// The format's name (and file extension).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gpx => "gpx",
            Self::Kml => "kml",
            Self::GeoJson => "geojson",
            Self::Csv => "csv",
        }
    }

    /// The HTTP media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Gpx => "application/gpx+xml",
            Self::Kml => "application/vnd.google-earth.kml+xml",
            Self::GeoJson => "application/geo+json",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s || (s == "json" && *f == Self::GeoJson))
            .ok_or_else(|| format!("unknown format {s:?}; use gpx, kml, geojson or csv"))
    }
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The GPX writer refused the data.
    #[error("GPX: {0}")]
    Gpx(String),
    /// The CSV writer failed.
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// GeoJSON serialisation failed.
    #[error("GeoJSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `itinerary` to `out` in `format`.
///
/// # Errors
///
/// When `out` fails or a format writer refuses the data.
pub fn write(itinerary: &Itinerary, format: Format, out: impl Write) -> Result<(), ExportError> {
    match format {
        Format::Gpx => gpx::write(&itinerary.xml_safe(), out),
        Format::Kml => kml::write(&itinerary.xml_safe(), out),
        Format::GeoJson => geojson::write(itinerary, out),
        Format::Csv => csv::write(itinerary, out),
    }
}

/// [`write`] into memory.
///
/// # Errors
///
/// When a format writer refuses the data.
pub fn to_bytes(itinerary: &Itinerary, format: Format) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    write(itinerary, format, &mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
pub(crate) mod tests {
    #[test]
    fn names_lose_the_characters_xml_forbids() {
        let itinerary = super::Itinerary {
            name: "巡逻\u{2}".into(),
            stops: vec![super::NamedStop {
                name: "a\u{1}b\u{b}c\u{FFFE}d\te".into(),
                point: [1.0, 2.0],
            }],
            ..Default::default()
        };
        let safe = itinerary.xml_safe();
        assert_eq!(safe.name, "巡逻");
        assert_eq!(safe.stops[0].name, "abcd\te");
        for format in [super::Format::Gpx, super::Format::Kml] {
            let bytes = super::to_bytes(&itinerary, format).expect("written");
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(text.contains("abcd"), "{text}");
            assert!(
                !text.contains('\u{1}') && !text.contains('\u{FFFE}'),
                "{text}"
            );
        }
    }

    use super::*;

    /// Two stops, one with a Chinese name and XML-special characters.
    pub(crate) fn sample() -> Itinerary {
        Itinerary {
            name: "巡逻 <A & B>".into(),
            attribution: Some("© OpenStreetMap contributors, ODbL".into()),
            line: vec![[1.5, 42.5], [1.501, 42.5005], [1.502, 42.501]],
            stops: vec![
                NamedStop {
                    name: "兰考县派出所".into(),
                    point: [1.5, 42.5],
                },
                NamedStop {
                    name: "Village \"d'Ordino\"".into(),
                    point: [1.502, 42.501],
                },
            ],
            distance_m: Some(150.0),
            duration_s: Some(18.0),
        }
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("GPX".parse::<Format>(), Ok(Format::Gpx));
        assert_eq!("json".parse::<Format>(), Ok(Format::GeoJson));
        assert!("shp".parse::<Format>().is_err());
    }
}
