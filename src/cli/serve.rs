//! `gridbeat serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use gridbeat::atlas::Atlas;
use gridbeat::geodata;
use gridbeat::http::{AppState, ServerConfig, app, server, sync};
use gridbeat::store::{self, Store};

use super::DataArg;
use super::database::DatabaseArgs;

/// Options of `gridbeat serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    data: DataArg,
    /// Address to listen on.
    #[arg(long, env = "GRIDBEAT_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The web map folder served at `/`.
    #[arg(long, env = "GRIDBEAT_WEB_ROOT", default_value = "web-map")]
    web_root: PathBuf,
    /// An intranet raster basemap for the map, as a URL template with {z}, {x} and {y}.
    #[arg(long, env = "GRIDBEAT_BASEMAP_URL")]
    basemap_url: Option<String>,
    /// The URL clients reach this server at, for absolute links behind a proxy or load
    /// balancer (default: the request's Host header).
    #[arg(long, env = "GRIDBEAT_PUBLIC_URL")]
    public_url: Option<String>,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Reads (API, OGC, tiles, style) need a bearer token of any role, as edits always do.
    #[arg(
        long,
        env = "GRIDBEAT_PRIVATE_READS",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::SetTrue
    )]
    private_reads: bool,
    /// Tile cache size in MiB; 0 turns the cache off.
    #[arg(long, env = "GRIDBEAT_TILE_CACHE_MB", default_value_t = 256)]
    tile_cache_mb: u64,
    /// Route on this OSM PBF extract instead of the data set's own roads.
    #[arg(long, env = "GRIDBEAT_ROADS")]
    roads: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let url = args.database.url(&args.data.data)?;
    let (atlas, store, change_id) = runtime.block_on(from_database(&url, &args.data.data))?;
    tracing::info!(
        data = %args.data.data.display(),
        grids = atlas.dataset.grids.len(),
        villages = atlas.dataset.villages.len(),
        officers = atlas.dataset.officers.len(),
        "data set loaded"
    );
    let config = ServerConfig {
        web_root: args.web_root,
        basemap_url: args.basemap_url,
        private_reads: args.private_reads,
        tile_cache_bytes: args.tile_cache_mb.saturating_mul(1024 * 1024),
        public_url: args.public_url,
        fallback_origin: format!("http://{}", args.listen),
    };
    let mut state = AppState::with_store(atlas, config, store.clone(), change_id);
    match &args.roads {
        Some(path) => {
            let network = gridbeat::routing::RoadNetwork::from_pbf(path)
                .with_context(|| format!("building the road network of {}", path.display()))?;
            state = state.with_road_network(network);
        }
        None => {
            let state = state.clone();
            std::thread::spawn(move || state.road_network());
        }
    }
    // Generalise tile geometry in the background; a tile needed sooner does its zoom itself.
    let tiles = state.snapshot().tiles.clone();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        tiles.warm();
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            "tile geometry generalised"
        );
    });

    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        tracing::info!(address = %args.listen, "gridbeat listening");
        tokio::spawn(sync::follow(state.clone(), store.clone()));
        server::serve(listener, app(state), shutdown()).await;
        store.close().await;
        Ok(())
    })
}

async fn shutdown() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    tracing::info!("shutting down");
}

/// The data set held in the database at `url`; an empty database is first filled from the
/// folder `data` (one transaction). A database holding another data set than `data` names
/// is an error, never a silent mix.
async fn from_database(url: &str, data: &std::path::Path) -> anyhow::Result<(Atlas, Store, i64)> {
    let shown = store::redact_url(url);
    let store = Store::connect(url)
        .await
        .with_context(|| format!("opening {shown}"))?;
    let meta =
        geodata::read_meta(data).with_context(|| format!("loading data set {}", data.display()))?;
    match store.dataset_name().await? {
        None => {
            tracing::info!(database = %shown, data = %data.display(), "empty database: importing");
            let folder = geodata::read_dataset(data)
                .with_context(|| format!("loading data set {}", data.display()))?;
            store.import(&folder).await?;
        }
        Some(name) if name != meta.name => anyhow::bail!(
            "{shown} holds data set {name:?}, but --data {} is {:?}; give the matching folder \
             or another database",
            data.display(),
            meta.name
        ),
        Some(_) => {}
    }
    let (dataset, change_id) = store
        .load_current()
        .await
        .with_context(|| format!("reading {shown}"))?;
    let roads = geodata::read_roads(data)?;
    tracing::info!(database = %shown, kind = store.kind().as_str(), "serving from the database");
    Ok((Atlas::new(dataset).with_roads(roads), store, change_id))
}
