//! `gridbeat patrol-streets`: a closed drive over every road segment inside a grid, as a
//! GeoJSON Feature or a GPX, KML, GeoJSON or CSV file.

use std::path::PathBuf;

use anyhow::Context;
use gridbeat::export::{self, Format};
use gridbeat::patrols::{StreetsRequest, answer, patrol_grid};
use gridbeat::routing::Profile;

use super::DataArg;
use super::patrol::{emit, load};

/// Options of `gridbeat patrol-streets`.
#[derive(Debug, clap::Args)]
pub struct PatrolStreetsArgs {
    #[command(flatten)]
    data: DataArg,
    /// Route on this OSM PBF extract instead of the data set's roads.
    #[arg(long, env = "GRIDBEAT_ROADS")]
    roads: Option<PathBuf>,
    /// The grid's id.
    #[arg(long)]
    grid: String,
    /// car or foot.
    #[arg(long, default_value = "car")]
    profile: Profile,
    /// Write the drive as gpx, kml, geojson or csv instead of the answer's Feature.
    #[arg(long)]
    format: Option<Format>,
    /// Where to write (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: PatrolStreetsArgs) -> anyhow::Result<()> {
    let (atlas, network) = load(&args.data.data, args.roads.as_deref())?;
    let request = StreetsRequest {
        grid: args.grid.clone(),
        profile: args.profile,
    };
    let grid = request
        .resolve(&atlas.dataset)
        .with_context(|| format!("--grid in {}", args.data.data.display()))?;
    let patrol = patrol_grid(&network, args.profile, grid)?;
    let bytes = match args.format {
        None => serde_json::to_vec_pretty(&answer::street_feature(&patrol))?,
        Some(format) => export::to_bytes(&patrol.itinerary(), format)?,
    };
    emit(args.out.as_deref(), &bytes)?;
    tracing::info!(
        grid = %patrol.grid,
        segments = patrol.segments,
        length_m = patrol.length_m,
        repeated_share = patrol.repeated_share,
        "street patrol planned"
    );
    Ok(())
}
