//! `gridbeat siting`: where to add offices, as JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use gridbeat::atlas::Atlas;
use gridbeat::gaps::Scope;
use gridbeat::siting::{self, Candidates, Goal, SitingRequest, Weight};
use serde_json::json;

use super::DataArg;

/// Options of `gridbeat siting`.
#[derive(Debug, clap::Args)]
pub struct SitingArgs {
    #[command(flatten)]
    data: DataArg,
    /// The best K new offices; without it, the fewest that reach every village.
    #[arg(long)]
    k: Option<usize>,
    /// Coverage radius, km (straight ground distance).
    #[arg(long, default_value_t = 5.0)]
    radius_km: f64,
    /// Candidate sites: workstations or villages (or --points).
    #[arg(long, default_value = "workstations", value_parser = ["workstations", "villages"])]
    candidates: String,
    /// CSV of candidate points with `lon` and `lat` columns (WGS84), instead of --candidates.
    #[arg(long)]
    points: Option<PathBuf>,
    /// With --k: weigh villages by population instead of counting them.
    #[arg(long)]
    population: bool,
    /// Only this jurisdiction (its id).
    #[arg(long)]
    jurisdiction: Option<String>,
}

pub fn run(args: SitingArgs) -> anyhow::Result<()> {
    let atlas = Atlas::load(&args.data.data)
        .with_context(|| format!("loading data set {}", args.data.data.display()))?;
    let candidates = match (&args.points, args.candidates.as_str()) {
        (Some(path), _) => Candidates::Points(read_points(path)?),
        (None, "villages") => Candidates::Villages,
        (None, _) => Candidates::Workstations,
    };
    let request = SitingRequest {
        goal: if args.k.is_some() {
            Goal::BestK
        } else {
            Goal::CoverAll
        },
        k: args.k,
        radius_km: args.radius_km,
        candidates,
        weight: if args.population {
            Weight::Population
        } else {
            Weight::Villages
        },
        scope: Scope::new(&atlas, args.jurisdiction.as_deref())?,
    };
    let found = siting::site(&atlas, &request)?;

    let sites: Vec<_> = found
        .sites
        .iter()
        .map(|s| {
            let (lon, lat) = (s.point.x(), s.point.y());
            json!({ "id": s.id, "lon": lon, "lat": lat, "villages": s.villages })
        })
        .collect();
    let answer = json!({
        "villages": found.villages, "already_reached": found.already_reached,
        "unreachable": found.unreachable, "candidates": found.candidates,
        "weight_needed": found.weight_needed, "weight_reached": found.weight_reached,
        "lower_bound": found.lower_bound, "ratio_bound": found.ratio_bound,
        "upper_bound": found.upper_bound, "sites": sites,
    });
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &answer)?;
    writeln!(out)?;
    Ok(())
}

fn read_points(path: &PathBuf) -> anyhow::Result<Vec<[f64; 2]>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(lon), Some(lat)) = (column("lon"), column("lat")) else {
        bail!("{}: needs lon and lat columns", path.display());
    };
    let mut points = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record?;
        let number = |i: usize| record.get(i).and_then(|v| v.trim().parse::<f64>().ok());
        let (Some(x), Some(y)) = (number(lon), number(lat)) else {
            bail!(
                "{}: row {}: lon and lat must be numbers",
                path.display(),
                row + 2
            );
        };
        points.push([x, y]);
    }
    Ok(points)
}
