//! `gridbeat lookup`: one point, or a CSV of points.

use std::fs;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use geo::coord;
use gridbeat::atlas::Atlas;
use gridbeat::bulk;
use gridbeat::crs::Crs;

use super::DataArg;

/// Options of `gridbeat lookup`.
#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    #[command(flatten)]
    data: DataArg,
    /// CSV with `lon` and `lat` columns (in `--crs`); `-` reads standard input.
    #[arg(long, conflicts_with_all = ["lon", "lat"])]
    csv: Option<PathBuf>,
    /// Where to write the CSV result (default: standard output). An existing regular file
    /// is replaced only once the whole result is written.
    #[arg(long, requires = "csv")]
    out: Option<PathBuf>,
    /// Start the CSV result with a UTF-8 byte-order mark, for spreadsheet programs.
    #[arg(long, requires = "csv")]
    bom: bool,
    /// Datum of the input coordinates: wgs84, cgcs2000, gcj02 (Amap) or bd09 (Baidu).
    #[arg(long, default_value = "wgs84")]
    crs: Crs,
    /// Longitude in degrees (in `--crs`).
    #[arg(allow_negative_numbers = true)]
    lon: Option<f64>,
    /// Latitude in degrees (in `--crs`).
    #[arg(allow_negative_numbers = true)]
    lat: Option<f64>,
}

pub fn run(args: LookupArgs) -> anyhow::Result<()> {
    let atlas = Atlas::load(&args.data.data)
        .with_context(|| format!("loading data set {}", args.data.data.display()))?;
    match (&args.csv, args.lon, args.lat) {
        (Some(path), _, _) => lookup_csv(&atlas, args.crs, path, args.out.as_ref(), args.bom),
        (None, Some(lon), Some(lat)) => lookup_point(&atlas, args.crs, lon, lat),
        _ => bail!("give LON LAT, or --csv FILE"),
    }
}

fn lookup_point(atlas: &Atlas, crs: Crs, lon: f64, lat: f64) -> anyhow::Result<()> {
    if !(lon.abs() <= 180.0 && lat.abs() <= 90.0) {
        bail!("({lon}, {lat}) is not a lon/lat in -180..180, -90..90");
    }
    let (lon, lat) = crs.to_wgs84(lon, lat);
    let view = atlas.responsible_at(coord! { x: lon, y: lat }).view();
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &view)?;
    writeln!(out)?;
    Ok(())
}

fn lookup_csv(
    atlas: &Atlas,
    crs: Crs,
    path: &PathBuf,
    out: Option<&PathBuf>,
    bom: bool,
) -> anyhow::Result<()> {
    let name = path.display();
    let input: Box<dyn io::Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = fs::File::open(path).with_context(|| format!("{name}"))?;
        Box::new(BufReader::new(file))
    };
    let options = bulk::Options { crs, bom };
    let rows = match out {
        None => bulk::lookup_csv(atlas, options, input, io::stdout().lock())
            .with_context(|| format!("{name}"))?,
        Some(target) => write_atomically(target, |file| {
            bulk::lookup_csv(atlas, options, input, file).with_context(|| format!("{name}"))
        })?,
    };
    tracing::info!(rows, "looked up");
    Ok(())
}

/// Writes through `write` into a new file beside `target`, then moves it over `target`: a
/// failure leaves `target` as it was and no stray file. Refuses a target that exists but is
/// not a regular file (a directory, device, pipe or symbolic link).
fn write_atomically<T>(
    target: &Path,
    write: impl FnOnce(io::BufWriter<&fs::File>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if let Ok(meta) = fs::symlink_metadata(target)
        && !meta.file_type().is_file()
    {
        bail!(
            "{}: exists and is not a regular file; not replacing it",
            target.display()
        );
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".gridbeat-")
        .suffix(".partial")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a file beside it", target.display()))?;

    let result = write(io::BufWriter::new(staging.as_file()))?;

    staging
        .persist(target)
        .map_err(|e| e.error)
        .with_context(|| format!("{}", target.display()))?;
    Ok(result)
}
