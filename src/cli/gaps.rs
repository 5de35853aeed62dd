//! `gridbeat gaps`: one kind of coverage gap as GeoJSON or CSV, or the coverage rates.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use gridbeat::atlas::Atlas;
use gridbeat::gaps::distance::Metric;
use gridbeat::gaps::report::{self, DEFAULT_MAX_KM, DEFAULT_MAX_MINUTES, Settings};
use gridbeat::gaps::workload::{Measure, Thresholds};
use gridbeat::gaps::{GapKind, Links, Scope, partition};
use gridbeat::routing::{Profile, RoadNetwork};

use super::DataArg;

/// Options of `gridbeat gaps`.
#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    #[command(flatten)]
    data: DataArg,
    /// unassigned, distance, partition or workload; coverage prints the rates as JSON.
    #[arg(long, value_parser = parse_kind)]
    kind: ReportKind,
    /// Output format of a gap kind.
    #[arg(long, default_value = "geojson", value_parser = ["geojson", "csv"])]
    format: String,
    /// Only this jurisdiction (its id).
    #[arg(long)]
    jurisdiction: Option<String>,
    /// Distance by straight line: villages farther than this from their office, km [default: 5].
    #[arg(long)]
    max_km: Option<f64>,
    /// Distance: straight (ground distance, --max-km) or travel (time on the roads,
    /// --max-minutes).
    #[arg(long, default_value = "straight")]
    metric: String,
    /// Distance by travel: villages more than this many minutes from their office
    /// [default: 15].
    #[arg(long)]
    max_minutes: Option<f64>,
    /// Distance by travel: car or foot.
    #[arg(long, default_value = "car")]
    profile: Profile,
    /// Distance by travel: measure on this OSM PBF extract instead of the data set's roads.
    #[arg(long, env = "GRIDBEAT_ROADS")]
    roads: Option<PathBuf>,
    /// Partition: pieces below this area are slivers, m².
    #[arg(long, default_value_t = partition::DEFAULT_SLIVER_M2)]
    sliver_m2: f64,
    /// Workload: compare villages, population or area.
    #[arg(long, default_value = "villages")]
    by: String,
    /// Workload: officers at or above this multiple of the median.
    #[arg(long, default_value_t = Thresholds::default().high)]
    high: f64,
    /// Workload: officers at or below this multiple of the median.
    #[arg(long, default_value_t = Thresholds::default().low)]
    low: f64,
}

/// A gap kind or the coverage rates.
#[derive(Debug, Clone, Copy)]
enum ReportKind {
    Gap(GapKind),
    Coverage,
}

fn parse_kind(s: &str) -> Result<ReportKind, String> {
    match s {
        "coverage" => Ok(ReportKind::Coverage),
        other => other.parse().map(ReportKind::Gap),
    }
}

/// The network travel times are measured on: the extract at `pbf`, else the data set's
/// roads (`None` when it has none).
fn road_network(atlas: &Atlas, pbf: Option<&Path>) -> anyhow::Result<Option<Arc<RoadNetwork>>> {
    let network = match pbf {
        Some(path) => RoadNetwork::from_pbf(path)
            .with_context(|| format!("reading roads from {}", path.display()))?,
        None if atlas.roads.is_empty() => return Ok(None),
        None => RoadNetwork::from_roads(&atlas.roads)?,
    };
    Ok(Some(Arc::new(network)))
}

pub fn run(args: GapsArgs) -> anyhow::Result<()> {
    let atlas = Atlas::load(&args.data.data)
        .with_context(|| format!("loading data set {}", args.data.data.display()))?;
    let scope = Scope::new(&atlas, args.jurisdiction.as_deref())?;
    let links = Links::new(&atlas);
    let mut out = io::stdout().lock();

    let ReportKind::Gap(kind) = args.kind else {
        let rates = report::coverage_json(&atlas, &links, scope);
        serde_json::to_writer_pretty(&mut out, &rates)?;
        writeln!(out)?;
        return Ok(());
    };
    let metric = match args.metric.parse::<Metric>()? {
        Metric::Travel(_) => Metric::Travel(args.profile),
        straight => straight,
    };
    let travel = matches!(metric, Metric::Travel(_));
    if travel && args.max_km.is_some() {
        anyhow::bail!(
            "--max-km applies to --metric straight; by travel the limit is --max-minutes"
        );
    }
    if !travel && args.max_minutes.is_some() {
        anyhow::bail!("--max-minutes applies to --metric travel; in a straight line use --max-km");
    }
    let roads = match travel {
        true => road_network(&atlas, args.roads.as_deref())?,
        false => None,
    };
    let settings = Settings {
        scope,
        max_km: args.max_km.unwrap_or(DEFAULT_MAX_KM),
        max_minutes: args.max_minutes.unwrap_or(DEFAULT_MAX_MINUTES),
        metric,
        roads,
        sliver_m2: args.sliver_m2,
        thresholds: Thresholds {
            by: args.by.parse::<Measure>()?,
            high: args.high,
            low: args.low,
        },
    };
    let found = report::gap_report(&atlas, &links, kind, &settings)?;
    tracing::info!(
        kind = kind.as_str(),
        features = found.features.len(),
        "gaps found"
    );
    if args.format == "csv" {
        found.write_csv(&mut out)?;
    } else {
        serde_json::to_writer(&mut out, &found.into_feature_collection())?;
        writeln!(out)?;
    }
    Ok(())
}
