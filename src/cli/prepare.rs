//! `gridbeat prepare`: builds `geodata/<set>/` from the raw shared data.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use gridbeat::geodata;
use gridbeat::prepare::{self, sets::DataSet};

/// Options of `gridbeat prepare`.
#[derive(Debug, clap::Args)]
pub struct PrepareArgs {
    /// Data sets to build (default: all).
    #[arg(value_parser = clap::value_parser!(String))]
    sets: Vec<String>,
    /// The raw data folder (see its README for licences).
    #[arg(long, env = "GRIDBEAT_SHARED_DATA", default_value = "../shared/data")]
    shared_data: PathBuf,
    /// Where the prepared sets go.
    #[arg(long, default_value = "geodata")]
    out: PathBuf,
}

pub fn run(args: PrepareArgs) -> anyhow::Result<()> {
    let sets: Vec<DataSet> = if args.sets.is_empty() {
        DataSet::ALL.to_vec()
    } else {
        args.sets
            .iter()
            .map(|s| s.parse())
            .collect::<Result<_, String>>()
            .map_err(anyhow::Error::msg)?
    };
    for set in sets {
        let started = Instant::now();
        let sources = set.read_sources(&args.shared_data)?;
        let prepared = prepare::build(set.meta(), sources)
            .with_context(|| format!("building data set {}", set.name()))?;
        let dir = args.out.join(set.name());
        geodata::write_prepared(&prepared, &dir)?;
        let d = &prepared.dataset;
        tracing::info!(
            set = set.name(),
            jurisdictions = d.jurisdictions.len(),
            villages = d.villages.len(),
            grids = d.grids.len(),
            stations = d.stations.len(),
            offices = d.offices.len(),
            workstations = d.workstations.len(),
            officers = d.officers.len(),
            roads = prepared.roads.len(),
            seconds = started.elapsed().as_secs_f64(),
            "prepared {}",
            dir.display()
        );
    }
    Ok(())
}
