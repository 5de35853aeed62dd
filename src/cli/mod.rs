//! Command-line arguments and the dispatch to each command.

mod database;
mod gaps;
mod import;
mod lookup;
mod patrol;
mod patrol_streets;
mod prepare;
mod route;
mod serve;
mod siting;
mod token;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// gridbeat: who answers for which place — grids, officers, offices — on a map.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Log as JSON lines instead of text.
    #[arg(
        long,
        global = true,
        env = "GRIDBEAT_LOG_JSON",
        value_parser = clap::builder::BoolishValueParser::new(),
        action = clap::ArgAction::SetTrue
    )]
    pub log_json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The data set folder used when none is given.
pub const DEFAULT_DATA: &str = "geodata/henan";

/// gridbeat's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API, OGC API – Features and the web map.
    Serve(serve::ServeArgs),
    /// Who is responsible at a point, or at every point of a CSV file.
    Lookup(lookup::LookupArgs),
    /// Build the data sets in `geodata/` from the raw files in `../shared/data`.
    Prepare(prepare::PrepareArgs),
    /// Write a data set folder into a SQLite or PostGIS database, all or nothing.
    Import(import::ImportArgs),
    /// Create, list or revoke access tokens.
    Token(token::TokenArgs),
    /// The fastest route between two points, as GPX, KML, GeoJSON or CSV.
    Route(route::RouteArgs),
    /// A patrol of many stops shared among officers, from a JSON request file.
    Patrol(patrol::PatrolArgs),
    /// A closed drive over every street of a grid.
    PatrolStreets(patrol_streets::PatrolStreetsArgs),
    /// Coverage gaps of one kind (GeoJSON or CSV), or the coverage rates (`--kind coverage`).
    Gaps(gaps::GapsArgs),
    /// Where to add offices so that villages are within reach.
    Siting(siting::SitingArgs),
}

/// Runs one command.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(args),
        Command::Lookup(args) => lookup::run(args),
        Command::Prepare(args) => prepare::run(args),
        Command::Import(args) => import::run(args),
        Command::Token(args) => token::run(args),
        Command::Route(args) => route::run(args),
        Command::Patrol(args) => patrol::run(args),
        Command::PatrolStreets(args) => patrol_streets::run(args),
        Command::Gaps(args) => gaps::run(args),
        Command::Siting(args) => siting::run(args),
    }
}

/// Sets up `tracing` once: `RUST_LOG` filter (default `info`), text or JSON on stderr.
pub fn init_tracing(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The data set folder option shared by several commands.
#[derive(Debug, clap::Args)]
pub struct DataArg {
    /// Prepared data set folder (see `geodata/`).
    #[arg(long, env = "GRIDBEAT_DATA", default_value = DEFAULT_DATA)]
    pub data: PathBuf,
}
