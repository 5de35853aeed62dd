//! `gridbeat route`: the fastest route between two points, as a GPX, KML, GeoJSON or CSV file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use gridbeat::atlas::Atlas;
use gridbeat::export::{self, Format};
use gridbeat::routing::{Profile, RoadNetwork};

use super::DataArg;

/// Options of `gridbeat route`.
#[derive(Debug, clap::Args)]
pub struct RouteArgs {
    #[command(flatten)]
    data: DataArg,
    /// Route on this OSM PBF extract instead of the data set's roads.
    #[arg(long, env = "GRIDBEAT_ROADS")]
    roads: Option<PathBuf>,
    /// Start, as LON,LAT (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    /// End, as LON,LAT (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    to: String,
    /// car or foot.
    #[arg(long, default_value = "car")]
    profile: Profile,
    /// gpx, kml, geojson or csv.
    #[arg(long, default_value = "geojson")]
    format: Format,
    /// Name of the start in the file.
    #[arg(long, default_value = "start")]
    from_name: String,
    /// Name of the end in the file.
    #[arg(long, default_value = "end")]
    to_name: String,
    /// Name of the route in the file.
    #[arg(long, default_value = "route")]
    name: String,
    /// Where to write the file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

fn lon_lat(name: &str, value: &str) -> anyhow::Result<[f64; 2]> {
    let parsed: Option<Vec<f64>> = value.split(',').map(|v| v.trim().parse().ok()).collect();
    match parsed.as_deref() {
        Some(&[lon, lat]) if lon.abs() <= 180.0 && lat.abs() <= 90.0 => Ok([lon, lat]),
        _ => bail!("--{name}: expected LON,LAT in degrees (-180..180, -90..90), got {value:?}"),
    }
}

pub fn run(args: RouteArgs) -> anyhow::Result<()> {
    let (from, to) = (lon_lat("from", &args.from)?, lon_lat("to", &args.to)?);
    let network = match &args.roads {
        Some(path) => RoadNetwork::from_pbf(path)?,
        None => {
            let dir = &args.data.data;
            let atlas =
                Atlas::load(dir).with_context(|| format!("loading data set {}", dir.display()))?;
            if atlas.roads.is_empty() {
                bail!(
                    "data set {} has no road network; give one with roads or --roads FILE.osm.pbf",
                    dir.display()
                );
            }
            RoadNetwork::from_roads(&atlas.roads)?
        }
    };
    let route = network.route(args.profile, from, to)?;
    let itinerary = route.itinerary(&args.name, &args.from_name, &args.to_name);
    let bytes = export::to_bytes(&itinerary, args.format)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    tracing::info!(
        distance_m = route.distance_m,
        duration_s = route.duration_s,
        from_snap_m = route.from.distance_m,
        to_snap_m = route.to.distance_m,
        "route found"
    );
    Ok(())
}
