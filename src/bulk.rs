//! Bulk lookup: a CSV of points in, the same CSV with the responsible records appended out.
//!
//! The input needs `lon` and `lat` columns (degrees in a chosen datum, WGS84 by default);
//! every other column is kept. UTF-8,
//! with or without a byte-order mark. All rows are read and checked before anything is
//! written, so a bad row leaves no half-written output.

use std::io::{Read, Write};

use geo::coord;

use crate::atlas::Atlas;
use crate::crs::Crs;

/// Columns appended to every row.
pub const APPENDED: [&str; 13] = [
    "covered",
    "jurisdiction_id",
    "jurisdiction_name",
    "grid_id",
    "grid_code",
    "village_id",
    "village_name",
    "officer_id",
    "officer_name",
    "office_id",
    "office_name",
    "station_id",
    "station_name",
];

/// How to read and write a bulk lookup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Datum of the input coordinates.
    pub crs: Crs,
    /// Start the output with a UTF-8 byte-order mark (for spreadsheet programs).
    pub bom: bool,
}

/// Why a bulk lookup failed; `line` counts from 1 with the header as line 1.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// The input is not readable CSV.
    #[error("line {line}: {message}")]
    Csv {
        /// Line of the input.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The header lacks a required column.
    #[error("line 1: no {column:?} column; the header needs lon and lat (WGS84 degrees)")]
    MissingColumn {
        /// The missing column.
        column: &'static str,
    },
    /// A coordinate is not a number in range.
    #[error("line {line}: {column} {value:?} is not a number in {range}")]
    BadCoordinate {
        /// Line of the input.
        line: u64,
        /// `lon` or `lat`.
        column: &'static str,
        /// The value found.
        value: String,
        /// The allowed range.
        range: &'static str,
    },
    /// The input already has a column the lookup appends.
    #[error(
        "line 1: the input already has a {column:?} column, which the lookup appends; rename it"
    )]
    ColumnClash {
        /// The clashing column.
        column: String,
    },
    /// The output could not be written.
    #[error("writing output: {0}")]
    Write(csv::Error),
}

/// Reads points from `input` (coordinates in `crs`), looks each up in `atlas`, and writes
/// the extended rows to `output`.
/// Returns the number of rows.
///
/// # Errors
///
/// A malformed row or coordinate (with its line), a missing column, or a write failure.
pub fn lookup_csv(
    atlas: &Atlas,
    options: Options,
    mut input: impl Read,
    mut output: impl Write,
) -> Result<usize, BulkError> {
    // The whole input is held anyway (nothing is written before every row is checked), and
    // holding its bytes lets errors name the true line even after blank lines.
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| BulkError::Csv {
        line: 0,
        message: e.to_string(),
    })?;
    let line_of = |byte: u64| line_at(&bytes, byte);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(&bytes[..]);
    let header = reader
        .headers()
        .map_err(|e| BulkError::Csv {
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let column = |name: &'static str| {
        header
            .iter()
            .position(|h| {
                h.trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
            .ok_or(BulkError::MissingColumn { column: name })
    };
    let (lon_at, lat_at) = (column("lon")?, column("lat")?);
    if let Some(clash) = header.iter().find(|h| APPENDED.contains(h)) {
        return Err(BulkError::ColumnClash {
            column: clash.to_owned(),
        });
    }

    // Read and check every row before writing anything.
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_of(p.byte()));
            BulkError::Csv {
                line,
                message: e.to_string(),
            }
        })?;
        let line = record.position().map_or(0, |p| line_of(p.byte()));
        let lon = coordinate(&record, lon_at, line, "lon", 180.0)?;
        let lat = coordinate(&record, lat_at, line, "lat", 90.0)?;
        let (lon, lat) = options.crs.to_wgs84(lon, lat);
        rows.push((record, coord! { x: lon, y: lat }));
    }

    if options.bom {
        output
            .write_all("\u{feff}".as_bytes())
            .map_err(|e| BulkError::Write(e.into()))?;
    }
    let mut writer = csv::Writer::from_writer(output);
    let mut out_header = header.clone();
    out_header.extend(APPENDED);
    writer.write_record(&out_header).map_err(BulkError::Write)?;
    for (record, p) in &rows {
        let mut out = record.clone();
        out.extend(appended(atlas, *p));
        writer.write_record(&out).map_err(BulkError::Write)?;
    }
    writer.flush().map_err(|e| BulkError::Write(e.into()))?;
    Ok(rows.len())
}

fn appended(atlas: &Atlas, p: geo::Coord) -> [String; 13] {
    let r = atlas.responsible_at(p);
    let officer = r.officers().next();
    let text = |s: Option<&String>| s.cloned().unwrap_or_default();
    [
        r.covered().to_string(),
        text(r.jurisdiction().map(|j| &j.id)),
        text(r.jurisdiction().map(|j| &j.name)),
        text(r.grid().map(|g| &g.id)),
        text(r.grid().map(|g| &g.code)),
        text(r.village().map(|v| &v.id)),
        text(r.village().map(|v| &v.name)),
        text(officer.map(|o| &o.id)),
        text(officer.map(|o| &o.name)),
        text(r.office().map(|o| &o.id)),
        text(r.office().map(|o| &o.name)),
        text(r.station().map(|s| &s.id)),
        text(r.station().map(|s| &s.name)),
    ]
}

fn coordinate(
    record: &csv::StringRecord,
    at: usize,
    line: u64,
    column: &'static str,
    bound: f64,
) -> Result<f64, BulkError> {
    let raw: String = record
        .get(at)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    let range = if bound == 180.0 {
        "-180..180"
    } else {
        "-90..90"
    };
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= bound)
        .ok_or_else(|| BulkError::BadCoordinate {
            line,
            column,
            value: raw.to_owned(),
            range,
        })
}

/// The 1-based line of the record that starts at `byte`. The csv reader reports the start of
/// blank lines before a record as part of it, so those are skipped first.
fn line_at(bytes: &[u8], byte: u64) -> u64 {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count() as u64
}
