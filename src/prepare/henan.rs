//! The `henan` data set from the Amap county polygons and the NBS code list.
//!
//! Pipeline, in the order [`read_with_report`] runs it:
//!
//! 1. Read the 157 county polygons of [`COUNTIES_FILE`] (GCJ-02) and convert them to WGS84;
//!    each becomes a [`Jurisdiction`] with its 6-digit adcode as id and code.
//! 2. Read the town and village rows of [`DIVISIONS_FILE`] (2016 statistical codes) that have
//!    coordinates (GCJ-02) and convert the points to WGS84. Rows without coordinates are
//!    skipped: only about 7 % of the rows have them. County codes renamed since 2016 are
//!    mapped to their current adcode (淮阳县 411626 → 淮阳区 411603 and five more).
//! 3. Place every point in the county polygon that contains it (bounding-box pre-filter, then
//!    point-in-polygon). Towns become stations, one 派出所 per township: real station
//!    locations are not public, so the township seat stands in. A station in no county is kept
//!    without a jurisdiction; a village in no county is dropped.
//!
//! There are no roads: no OpenStreetMap extract of Henan is available.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use geo::{BoundingRect, Intersects, MultiPolygon, Point, Rect};
use geojson::{Feature, FeatureCollection};
use serde::Deserialize;

use super::{PrepareError, Sources};
use crate::crs::Crs;
use crate::model::{Jurisdiction, Station, Village, VillageKind};

/// County polygons, GCJ-02, relative to the shared data folder.
pub const COUNTIES_FILE: &str = "boundaries/henan/amap_gcj02/henan_counties.geojson";

/// The 2016 NBS code list with Amap centre points (GCJ-02), relative to the shared data folder.
pub const DIVISIONS_FILE: &str = "divisions/henan/adcode2016_henan.csv";

/// County codes of the 2016 list that were renamed or merged before the polygons' vintage,
/// as (2016 code, current adcode). Each pair was checked against the names in both files.
const RENAMED_COUNTIES: [(&str, &str); 6] = [
    ("410306", "410308"), // 吉利区 → merged into 孟津区 (2021)
    ("410322", "410308"), // 孟津县 → 孟津区 (2021)
    ("410381", "410307"), // 偃师市 → 偃师区 (2021)
    ("410728", "410783"), // 长垣县 → 长垣市 (2019)
    ("411023", "411003"), // 许昌县 → 建安区 (2017)
    ("411626", "411603"), // 淮阳县 → 淮阳区 (2019)
];

/// What [`read_with_report`] kept, moved and dropped, for the data set's README.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HenanReport {
    /// Town rows with coordinates; every one is kept as a station.
    pub stations: usize,
    /// Stations that no county polygon contains, kept without a jurisdiction.
    pub stations_outside: usize,
    /// Stations placed in a county other than the one their code names (after renames).
    pub stations_moved: usize,
    /// Village rows with coordinates.
    pub villages_read: usize,
    /// Villages that no county polygon contains, dropped.
    pub villages_dropped: usize,
    /// Villages kept in a county other than the one their code names (after renames).
    pub villages_moved: usize,
}

impl HenanReport {
    /// Villages kept: those read less those dropped.
    pub fn villages_kept(&self) -> usize {
        self.villages_read - self.villages_dropped
    }
}

/// Reads the Henan sources from the shared data folder, all in WGS84 (lon, lat degrees).
///
/// Like [`read_with_report`], but logs the report instead of returning it: a warning when any
/// village was dropped or any station lies outside every county, otherwise at info level.
///
/// # Errors
///
/// As [`read_with_report`].
pub fn read(shared_data: &Path) -> Result<Sources, PrepareError> {
    let (sources, report) = read_with_report(shared_data)?;
    log_report(&report);
    Ok(sources)
}

/// Reads the Henan sources and says what was kept, moved and dropped.
///
/// `shared_data` is the folder holding `boundaries/` and `divisions/`. Every geometry in the
/// result is WGS84, axis order (lon, lat), degrees, converted from GCJ-02 with
/// [`Crs::Gcj02`]. Jurisdictions are MultiPolygons in file order; stations and villages are in
/// file order; roads are empty.
///
/// # Errors
///
/// - [`PrepareError::Io`] when a file cannot be read.
/// - [`PrepareError::GeoJson`] when the county file is not a GeoJSON FeatureCollection.
/// - [`PrepareError::BadRecord`] for a county without a 6-digit `adcode`, a `name` or a
///   (Multi)Polygon (location: feature index), or a CSV row that cannot be parsed, has a code
///   that is not 12 digits, only one coordinate, or a village `ur_code` not starting with 1 or
///   2 (location: line number).
pub fn read_with_report(shared_data: &Path) -> Result<(Sources, HenanReport), PrepareError> {
    let jurisdictions = read_counties(&shared_data.join(COUNTIES_FILE))?;

    let path = shared_data.join(DIVISIONS_FILE);
    let file = File::open(&path).map_err(|source| PrepareError::Io {
        path: path.clone(),
        cause: source,
    })?;
    let divisions = parse_divisions(file, &path)?;

    let finder = CountyFinder::new(&jurisdictions);
    let mut report = HenanReport::default();
    let stations = place_stations(divisions.towns, &finder, &mut report);
    let villages = place_villages(divisions.villages, &finder, &mut report);

    let sources = Sources {
        jurisdictions,
        stations,
        villages,
        roads: Vec::new(),
    };
    Ok((sources, report))
}

/// Logs the report once: a warning if anything was dropped or left outside, else info.
fn log_report(report: &HenanReport) {
    if report.villages_dropped > 0 || report.stations_outside > 0 {
        tracing::warn!(
            stations.read = report.stations,
            stations.outside = report.stations_outside,
            villages.kept = report.villages_kept(),
            villages.dropped = report.villages_dropped,
            villages.moved = report.villages_moved,
            "henan: some points lie outside every county polygon"
        );
    } else {
        tracing::info!(
            stations.read = report.stations,
            villages.kept = report.villages_kept(),
            villages.moved = report.villages_moved,
            "henan: sources read"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Counties

/// Reads the county FeatureCollection and converts it to WGS84 jurisdictions.
fn read_counties(path: &Path) -> Result<Vec<Jurisdiction>, PrepareError> {
    let text = std::fs::read_to_string(path).map_err(|source| PrepareError::Io {
        path: path.to_owned(),
        cause: source,
    })?;
    let collection: FeatureCollection =
        text.parse()
            .map_err(|e: geojson::Error| PrepareError::GeoJson {
                path: path.to_owned(),
                message: e.to_string(),
            })?;

    collection
        .features
        .into_iter()
        .enumerate()
        .map(|(i, feature)| {
            county(feature).map_err(|m| bad_record(path, format!("feature {i}"), m))
        })
        .collect()
}

/// One county feature as a WGS84 jurisdiction.
fn county(feature: Feature) -> Result<Jurisdiction, String> {
    let adcode = string_property(&feature, "adcode")?;
    if !is_digits(&adcode, 6) {
        return Err(format!("adcode {adcode:?} is not 6 digits"));
    }
    let name = string_property(&feature, "name")?;
    let gcj02 = multi_polygon(feature)?;

    Ok(Jurisdiction {
        id: adcode.clone(),
        code: adcode,
        name,
        geometry: Crs::Gcj02.geometry_to_wgs84(&gcj02),
    })
}

/// A string property of a feature.
fn string_property(feature: &Feature, key: &str) -> Result<String, String> {
    match feature.property(key) {
        Some(serde_json::Value::String(value)) => Ok(value.clone()),
        Some(other) => Err(format!("property {key:?} is not a string: {other}")),
        None => Err(format!("no {key:?} property")),
    }
}

/// The feature's geometry as a MultiPolygon; a Polygon is wrapped.
fn multi_polygon(feature: Feature) -> Result<MultiPolygon<f64>, String> {
    let geometry = geo::Geometry::<f64>::try_from(feature).map_err(|e| e.to_string())?;
    match geometry {
        geo::Geometry::MultiPolygon(multi) => Ok(multi),
        geo::Geometry::Polygon(polygon) => Ok(MultiPolygon(vec![polygon])),
        _ => Err("geometry is not a Polygon or MultiPolygon".to_owned()),
    }
}

// ---------------------------------------------------------------------------------------------
// Towns and villages

/// The columns of the code list this reader uses; the others are ignored.
#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    name: String,
    level: String,
    adcode: String,
    ur_code: String,
    longitude: Option<f64>,
    latitude: Option<f64>,
}

/// A town or village row with coordinates, converted to WGS84.
#[derive(Debug, Clone, PartialEq)]
struct Division {
    /// 12-digit statistical code.
    code: String,
    /// Name as listed.
    name: String,
    /// The 6-digit county the code belongs to, as renamed since 2016.
    county_code: String,
    /// Centre point, WGS84.
    point: Point<f64>,
}

/// The rows kept from the code list.
#[derive(Debug, Default)]
struct Divisions {
    towns: Vec<Division>,
    villages: Vec<(Division, VillageKind)>,
}

/// Reads the town and village rows with coordinates from CSV text (UTF-8, with header).
///
/// `path` only names the source in errors.
fn parse_divisions(input: impl Read, path: &Path) -> Result<Divisions, PrepareError> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();

    let mut divisions = Divisions::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, csv::Position::line);
        let row: Row = record
            .deserialize(Some(&headers))
            .map_err(|e| bad_record(path, line.to_string(), e.to_string()))?;
        divisions
            .push(row)
            .map_err(|m| bad_record(path, line.to_string(), m))?;
    }
    Ok(divisions)
}

impl Divisions {
    /// Keeps a town or village row that has coordinates; ignores every other row.
    fn push(&mut self, row: Row) -> Result<(), String> {
        match row.level.as_str() {
            "town" => {
                if let Some(town) = Division::from_row(&row)? {
                    self.towns.push(town);
                }
            }
            "village" => {
                if let Some(village) = Division::from_row(&row)? {
                    self.villages.push((village, village_kind(&row.ur_code)?));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl Division {
    /// The row as a WGS84 division, `None` when it has no coordinates.
    fn from_row(row: &Row) -> Result<Option<Self>, String> {
        if !is_digits(&row.code, 12) {
            return Err(format!("code {:?} is not 12 digits", row.code));
        }
        let (lon, lat) = match (row.longitude, row.latitude) {
            (None, None) => return Ok(None),
            (Some(lon), Some(lat)) if lon.is_finite() && lat.is_finite() => (lon, lat),
            (lon, lat) => return Err(format!("unusable coordinates {lon:?}, {lat:?}")),
        };

        let (lon, lat) = Crs::Gcj02.to_wgs84(lon, lat);
        Ok(Some(Division {
            code: row.code.clone(),
            name: row.name.clone(),
            county_code: current_county_code(&row.adcode).to_owned(),
            point: Point::new(lon, lat),
        }))
    }
}

/// The adcode a 2016 county code has in the polygons' vintage (see [`RENAMED_COUNTIES`]).
pub(crate) fn current_county_code(code_2016: &str) -> &str {
    RENAMED_COUNTIES
        .iter()
        .find(|(old, _)| *old == code_2016)
        .map_or(code_2016, |(_, current)| current)
}

/// The settlement kind of an NBS urban–rural code: 1xx urban, 2xx rural.
fn village_kind(ur_code: &str) -> Result<VillageKind, String> {
    match ur_code.as_bytes() {
        [b'1', _, _] => Ok(VillageKind::UrbanCommunity),
        [b'2', _, _] => Ok(VillageKind::Village),
        _ => Err(format!("ur_code {ur_code:?} is neither 1xx nor 2xx")),
    }
}

/// The police station named after a township: `城关镇` → `城关镇派出所`.
///
/// Administrative suffixes (`办事处`, `管理委员会`, `管委会`) are dropped first, so
/// `林山寨街道办事处` gives `林山寨街道派出所`.
fn station_name(town: &str) -> String {
    let base = ["办事处", "管理委员会", "管委会"]
        .iter()
        .find_map(|suffix| town.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
        .unwrap_or(town);
    format!("{base}派出所")
}

// ---------------------------------------------------------------------------------------------
// Placing points in counties

/// County polygons with their bounding boxes, for point lookups.
struct CountyFinder<'a> {
    counties: Vec<(Rect<f64>, &'a Jurisdiction)>,
}

impl<'a> CountyFinder<'a> {
    /// Indexes the jurisdictions; one with an empty geometry is never found.
    fn new(jurisdictions: &'a [Jurisdiction]) -> Self {
        let counties = jurisdictions
            .iter()
            .filter_map(|j| j.geometry.bounding_rect().map(|rect| (rect, j)))
            .collect();
        Self { counties }
    }

    /// The county whose polygon contains `point` (boundary included).
    ///
    /// Neighbouring polygons overlap slightly at their shared edges; among several hits the
    /// one coded `preferred` wins, else the first in file order.
    fn locate(&self, point: Point<f64>, preferred: &str) -> Option<&'a Jurisdiction> {
        let mut hits = self
            .counties
            .iter()
            .filter(|(rect, j)| rect.intersects(&point) && j.geometry.intersects(&point))
            .map(|(_, j)| *j);

        let first = hits.next()?;
        if first.code == preferred {
            return Some(first);
        }
        Some(hits.find(|j| j.code == preferred).unwrap_or(first))
    }
}

/// Turns towns into stations, each in the county containing it, if any.
fn place_stations(
    towns: Vec<Division>,
    finder: &CountyFinder<'_>,
    report: &mut HenanReport,
) -> Vec<Station> {
    report.stations = towns.len();
    towns
        .into_iter()
        .map(|town| {
            let county = finder.locate(town.point, &town.county_code);
            match county {
                None => report.stations_outside += 1,
                Some(c) if c.code != town.county_code => report.stations_moved += 1,
                Some(_) => {}
            }
            Station {
                id: town.code,
                name: station_name(&town.name),
                point: town.point,
                jurisdiction_id: county.map(|c| c.id.clone()),
            }
        })
        .collect()
}

/// Turns village rows into villages in the county containing them; drops the rest.
fn place_villages(
    rows: Vec<(Division, VillageKind)>,
    finder: &CountyFinder<'_>,
    report: &mut HenanReport,
) -> Vec<Village> {
    report.villages_read = rows.len();
    rows.into_iter()
        .filter_map(|(village, kind)| {
            let Some(county) = finder.locate(village.point, &village.county_code) else {
                tracing::debug!(village.code = %village.code, "outside every county, dropped");
                report.villages_dropped += 1;
                return None;
            };
            if county.code != village.county_code {
                report.villages_moved += 1;
            }
            Some(Village {
                id: village.code.clone(),
                code: Some(village.code),
                name: village.name,
                kind,
                point: village.point,
                polygon: None,
                population: None,
                jurisdiction_id: county.id.clone(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// Whether `s` is exactly `len` ASCII digits.
fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// A [`PrepareError::BadRecord`] for `path` at `location`.
fn bad_record(path: &Path, location: String, message: String) -> PrepareError {
    PrepareError::BadRecord {
        path: path.to_owned(),
        location,
        message,
    }
}

/// A CSV reader error as a bad record at its line, where known.
fn csv_error(path: &Path, error: &csv::Error) -> PrepareError {
    let line = error
        .position()
        .map_or_else(|| "?".to_owned(), |p| p.line().to_string());
    bad_record(path, line, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    const HEADER: &str = "code,parent,name,level,rank,adcode,post_code,area_code,ur_code,\
                          municipality,virtual,dummy,longitude,latitude,center,province,city,\
                          county,town,village\n";

    fn parse(body: &str) -> Result<Divisions, PrepareError> {
        parse_divisions(format!("{HEADER}{body}").as_bytes(), Path::new("test.csv"))
    }

    #[test]
    fn keeps_towns_and_villages_with_coordinates() {
        let divisions = parse(
            "410225100000,410225000000,城关镇,town,4,410225,,0378,,f,f,f,114.83,34.82,,,,,,\n\
             410225100001,410225100000,东街社区,village,5,410225,,0378,111,f,f,f,\
             114.84,34.83,,,,,,\n\
             410225100002,410225100000,某村委会,village,5,410225,,0378,220,f,f,f,,,,,,,,\n\
             410225000000,410200000000,兰考县,county,3,410225,,0378,,f,f,f,114.82,34.82,,,,,,\n",
        )
        .expect("valid rows");

        assert_eq!(divisions.towns.len(), 1);
        assert_eq!(divisions.towns[0].county_code, "410225");
        assert_eq!(divisions.villages.len(), 1);
        assert_eq!(divisions.villages[0].1, VillageKind::UrbanCommunity);

        // The point is converted: WGS84 lies about 0.006° west of GCJ-02 here.
        let x = divisions.towns[0].point.x();
        approx::assert_abs_diff_eq!(114.83 - x, 0.006, epsilon = 0.0005);
    }

    #[test]
    fn reports_a_bad_row_with_its_line_number() {
        let result = parse(
            "410225100000,410225000000,城关镇,town,4,410225,,0378,,f,f,f,114.83,34.82,,,,,,\n\
             410225100001,410225100000,某村,village,5,410225,,0378,999,f,f,f,\
             114.84,34.83,,,,,,\n",
        );
        let Err(PrepareError::BadRecord {
            path,
            location,
            message,
        }) = result
        else {
            panic!("expected a bad record, got {result:?}");
        };
        assert_eq!(path, Path::new("test.csv"));
        assert_eq!(location, "3");
        assert!(message.contains("ur_code"), "{message}");
    }

    #[test]
    fn reports_an_unparsable_coordinate() {
        let result = parse(
            "410225100000,410225000000,城关镇,town,4,410225,,0378,,f,f,f,\
                   east,34.82,,,,,,\n",
        );
        assert!(matches!(result, Err(PrepareError::BadRecord { location, .. }) if location == "2"));
    }

    #[test]
    fn names_stations_after_their_township() {
        assert_eq!(station_name("城关镇"), "城关镇派出所");
        assert_eq!(station_name("林山寨街道办事处"), "林山寨街道派出所");
        assert_eq!(station_name("涧东区管委会"), "涧东区派出所");
        assert_eq!(station_name("办事处"), "办事处派出所");
    }

    #[test]
    fn renamed_counties_map_to_their_current_adcode() {
        assert_eq!(current_county_code("411626"), "411603");
        assert_eq!(current_county_code("410306"), "410308");
        assert_eq!(current_county_code("410225"), "410225");
    }

    #[test]
    fn village_kind_follows_the_urban_rural_code() {
        assert_eq!(village_kind("111"), Ok(VillageKind::UrbanCommunity));
        assert_eq!(village_kind("123"), Ok(VillageKind::UrbanCommunity));
        assert_eq!(village_kind("220"), Ok(VillageKind::Village));
        assert!(village_kind("").is_err());
        assert!(village_kind("31").is_err());
    }

    fn square(id: &str, x0: f64) -> Jurisdiction {
        Jurisdiction {
            id: id.to_owned(),
            code: id.to_owned(),
            name: id.to_owned(),
            geometry: MultiPolygon(vec![polygon![
                (x: x0, y: 0.0), (x: x0 + 1.0, y: 0.0), (x: x0 + 1.0, y: 1.0), (x: x0, y: 1.0),
            ]]),
        }
    }

    #[test]
    fn finder_prefers_the_coded_county_on_a_shared_edge() {
        let counties = [square("410101", 0.0), square("410102", 1.0)];
        let finder = CountyFinder::new(&counties);
        let edge = Point::new(1.0, 0.5);
        assert_eq!(
            finder.locate(edge, "410102").map(|j| j.id.as_str()),
            Some("410102")
        );
        assert_eq!(
            finder.locate(edge, "410999").map(|j| j.id.as_str()),
            Some("410101")
        );
        assert!(finder.locate(Point::new(5.0, 0.5), "410101").is_none());
    }

    #[test]
    fn villages_outside_every_county_are_dropped_and_moves_are_counted() {
        let counties = [square("410101", 0.0), square("410102", 1.0)];
        let finder = CountyFinder::new(&counties);
        let village = |code: &str, county: &str, x: f64| {
            let d = Division {
                code: code.to_owned(),
                name: code.to_owned(),
                county_code: county.to_owned(),
                point: Point::new(x, 0.5),
            };
            (d, VillageKind::Village)
        };
        let rows = vec![
            village("410101000001", "410101", 0.5),
            village("410101000002", "410101", 1.5),
            village("410101000003", "410101", 9.0),
        ];

        let mut report = HenanReport::default();
        let villages = place_villages(rows, &finder, &mut report);
        assert_eq!(villages.len(), 2);
        assert_eq!(villages[1].jurisdiction_id, "410102");
        assert_eq!(
            (
                report.villages_read,
                report.villages_dropped,
                report.villages_moved
            ),
            (3, 1, 1)
        );
        assert_eq!(report.villages_kept(), 2);
    }
}
