//! Shared helpers of the integration tests: the shipped data sets, loaded once per process.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::PathBuf;
use std::sync::OnceLock;

use gridbeat::atlas::Atlas;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw shared data folder (`GRIDBEAT_SHARED_DATA` or `../shared/data`).
pub fn shared_data() -> PathBuf {
    std::env::var_os("GRIDBEAT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data"))
}

/// The shipped Andorra set.
pub fn andorra() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::load(&root().join("geodata/andorra")).expect("geodata/andorra"))
}

/// The shipped Henan set.
pub fn henan() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| Atlas::load(&root().join("geodata/henan")).expect("geodata/henan"))
}
