//! `gridbeat serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use gridbeat::atlas::Atlas;
use gridbeat::http::{AppState, ServerConfig, app, server};

use super::DataArg;

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
    /// Tile cache size in MiB; 0 turns the cache off.
    #[arg(long, env = "GRIDBEAT_TILE_CACHE_MB", default_value_t = 256)]
    tile_cache_mb: u64,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let atlas = Atlas::load(&args.data.data)
        .with_context(|| format!("loading data set {}", args.data.data.display()))?;
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
        tile_cache_bytes: args.tile_cache_mb.saturating_mul(1024 * 1024),
        public_url: args.public_url,
        fallback_origin: format!("http://{}", args.listen),
    };
    let state = AppState::new(atlas, config);
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

    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        tracing::info!(address = %args.listen, "gridbeat listening");
        server::serve(listener, app(state), shutdown()).await;
        Ok(())
    })
}

async fn shutdown() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    tracing::info!("shutting down");
}
