//! `gridbeat lookup`: one point, or a CSV of points.

use std::fs;
use std::io::{self, BufReader, Write};
use std::path::PathBuf;

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
    /// Where to write the CSV result (default: standard output).
    #[arg(long, requires = "csv")]
    out: Option<PathBuf>,
    /// Datum of the input coordinates: wgs84, cgcs2000, gcj02 (Amap) or bd09 (Baidu).
    #[arg(long, default_value = "wgs84")]
    crs: Crs,
    /// Longitude, WGS84 degrees.
    #[arg(allow_negative_numbers = true)]
    lon: Option<f64>,
    /// Latitude, WGS84 degrees.
    #[arg(allow_negative_numbers = true)]
    lat: Option<f64>,
}

pub fn run(args: LookupArgs) -> anyhow::Result<()> {
    let atlas = Atlas::load(&args.data.data)
        .with_context(|| format!("loading data set {}", args.data.data.display()))?;
    match (&args.csv, args.lon, args.lat) {
        (Some(path), _, _) => lookup_csv(&atlas, args.crs, path, args.out.as_ref()),
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
) -> anyhow::Result<()> {
    let name = path.display();
    let input: Box<dyn io::Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = fs::File::open(path).with_context(|| format!("{name}"))?;
        Box::new(BufReader::new(file))
    };
    match out {
        None => {
            let rows = bulk::lookup_csv(atlas, crs, input, io::stdout().lock())
                .with_context(|| format!("{name}"))?;
            tracing::info!(rows, "looked up");
        }
        Some(target) => {
            // Write beside the target and move it into place, so a failure leaves no half file.
            let partial = target.with_extension("partial");
            let file =
                fs::File::create(&partial).with_context(|| format!("{}", partial.display()))?;
            let rows = bulk::lookup_csv(atlas, crs, input, io::BufWriter::new(file));
            let rows = rows.inspect_err(|_| {
                let _ = fs::remove_file(&partial);
            });
            let rows = rows.with_context(|| format!("{name}"))?;
            fs::rename(&partial, target).with_context(|| format!("{}", target.display()))?;
            tracing::info!(rows, out = %target.display(), "looked up");
        }
    }
    Ok(())
}
