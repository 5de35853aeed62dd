//! `gridbeat patrol`: a day's patrol of many stops shared among officers, from a JSON file
//! shaped like the body of `POST /api/v1/patrols`, as GeoJSON (the plan) or as one officer's
//! route in GPX, KML, GeoJSON or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use gridbeat::atlas::Atlas;
use gridbeat::export::{self, Format};
use gridbeat::optimize::PatrolOptions;
use gridbeat::patrols::{PatrolRequest, answer, plan};
use gridbeat::routing::RoadNetwork;

use super::DataArg;

/// Options of `gridbeat patrol`.
#[derive(Debug, clap::Args)]
pub struct PatrolArgs {
    #[command(flatten)]
    data: DataArg,
    /// Route on this OSM PBF extract instead of the data set's roads (ids in the body are
    /// still looked up in `--data`).
    #[arg(long, env = "GRIDBEAT_ROADS")]
    roads: Option<PathBuf>,
    /// The request, a JSON file shaped like the body of `POST /api/v1/patrols`.
    #[arg(long)]
    body: PathBuf,
    /// Write one officer's route as gpx, kml, geojson or csv instead of the whole plan.
    #[arg(long)]
    format: Option<Format>,
    /// Which officer's route to write with `--format` (0, 1, …); needed with several.
    #[arg(long)]
    officer: Option<usize>,
    /// Where to write (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The data set of `data` and the road network of `roads` or of the data set's roads.
pub(super) fn load(data: &Path, roads: Option<&Path>) -> anyhow::Result<(Atlas, RoadNetwork)> {
    let atlas =
        Atlas::load(data).with_context(|| format!("loading data set {}", data.display()))?;
    let network = match roads {
        Some(path) => RoadNetwork::from_pbf(path)?,
        None if atlas.roads.is_empty() => bail!(
            "data set {} has no road network; give one with roads or --roads FILE.osm.pbf",
            data.display()
        ),
        None => RoadNetwork::from_roads(&atlas.roads)?,
    };
    Ok((atlas, network))
}

/// Writes `bytes` to `out` or standard output.
pub(super) fn emit(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
        }
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

pub fn run(args: PatrolArgs) -> anyhow::Result<()> {
    let file = args.body.display().to_string();
    let text = std::fs::read_to_string(&args.body).with_context(|| format!("reading {file}"))?;
    let body: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{file}: not JSON"))?;
    let (atlas, network) = load(&args.data.data, args.roads.as_deref())?;
    let request = PatrolRequest::from_json(&body, &atlas.dataset).with_context(|| file.clone())?;
    let routed =
        plan(&network, &request, &PatrolOptions::default()).with_context(|| file.clone())?;

    let count = routed.officers.len();
    let bytes = match (args.format, args.officer) {
        (None, None) => serde_json::to_vec_pretty(&answer::collection(&request, &routed))?,
        (None, Some(_)) => bail!("--officer picks a route to write: give --format too"),
        (Some(format), officer) => {
            let officer = match officer {
                Some(n) if n < count => n,
                None if count == 1 => 0,
                Some(n) => bail!("--officer {n}: the plan has officers 0 to {}", count - 1),
                None => bail!(
                    "the plan has {count} officers and a file holds one route: give --officer \
                     0 to {}",
                    count - 1
                ),
            };
            let itinerary = routed
                .itinerary(&request, officer)
                .context("no such officer")?;
            export::to_bytes(&itinerary, format)?
        }
    };
    emit(args.out.as_deref(), &bytes)?;
    tracing::info!(
        stops = request.stops.len(),
        officers = count,
        unserved = routed.skipped.len(),
        longest_s = routed.longest_s(),
        "patrol planned"
    );
    Ok(())
}
