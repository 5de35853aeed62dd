//! Which database a command uses: `--database-url`, or the data set's own SQLite file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use gridbeat::geodata::{self, files};

/// The folder default SQLite files live in.
pub const DEFAULT_STORE_DIR: &str = "gridbeat-data";

/// Database options shared by `serve` and `token`.
#[derive(Debug, clap::Args)]
pub struct DatabaseArgs {
    /// The system of record: SQLite `sqlite://PATH` or PostGIS `postgres://…`. Without it,
    /// each data set has its own SQLite file, `<store-dir>/<set name>.db`, created and filled
    /// from `--data` on first start.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Folder of the default SQLite files.
    #[arg(long, env = "GRIDBEAT_STORE_DIR", default_value = DEFAULT_STORE_DIR)]
    pub store_dir: PathBuf,
}

impl DatabaseArgs {
    /// The database URL for the data set folder `data`.
    pub fn url(&self, data: &Path) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        let name = set_name(data)?;
        Ok(format!(
            "sqlite://{}",
            self.store_dir.join(format!("{name}.db")).display()
        ))
    }
}

/// The `name` in a data set folder's `dataset.json`, checked to be fit for a file name.
fn set_name(data: &Path) -> anyhow::Result<String> {
    let meta =
        geodata::read_meta(data).with_context(|| format!("reading data set {}", data.display()))?;
    let fit = !meta.name.is_empty()
        && meta
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    anyhow::ensure!(
        fit,
        "{}: name {:?} must be letters, digits, - or _ (it names the database file)",
        data.join(files::META).display(),
        meta.name
    );
    Ok(meta.name)
}
