//! `gridbeat import`: a data set folder into a database, in one transaction.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use gridbeat::geodata::{self, files};
use gridbeat::store::{Store, redact_url};

/// Options of `gridbeat import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Prepared data set folder, or its `dataset.json`.
    #[arg(long, env = "GRIDBEAT_DATA")]
    data: PathBuf,
    /// Target database: `sqlite://PATH` (created when missing) or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
    /// Replace the data set when the database already holds it: every edit made since its
    /// import is lost (tokens are kept).
    #[arg(long)]
    replace: bool,
}

pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let dir = data_folder(&args.data);

    // Read and check everything before touching the database: a bad feature writes nothing.
    let dataset = geodata::read_dataset(dir)
        .with_context(|| format!("reading data set {}", dir.display()))?;
    let read_seconds = started.elapsed().as_secs_f64();

    let database = redact_url(&args.database_url);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let store = Store::connect(&args.database_url)
            .await
            .with_context(|| format!("opening {database}"))?;
        let held = store.dataset_name().await?;
        if held.as_deref() == Some(dataset.meta.name.as_str()) && !args.replace {
            store.close().await;
            anyhow::bail!(
                "{database} already holds data set {:?}; importing it again would drop every \
                 edit made since. Pass --replace to do that",
                dataset.meta.name
            );
        }
        let result = store.import(&dataset).await;
        store.close().await;
        result.with_context(|| format!("importing {} into {database}", dataset.meta.name))
    })?;

    tracing::info!(
        set = %dataset.meta.name,
        database = %database,
        jurisdictions = dataset.jurisdictions.len(),
        stations = dataset.stations.len(),
        offices = dataset.offices.len(),
        workstations = dataset.workstations.len(),
        villages = dataset.villages.len(),
        grids = dataset.grids.len(),
        officers = dataset.officers.len(),
        read_seconds,
        seconds = started.elapsed().as_secs_f64(),
        "imported"
    );
    Ok(())
}

/// The folder of a data set given as a folder or as its `dataset.json`.
fn data_folder(data: &Path) -> &Path {
    match data.parent() {
        Some(parent) if data.file_name().is_some_and(|name| name == files::META) => parent,
        _ => data,
    }
}
