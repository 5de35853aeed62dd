//! Errors of the prepare step. Each names the file, and the line or feature where known.

use std::path::PathBuf;

use crate::model::ModelError;

/// Why a data set could not be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrepareError {
    /// A file could not be read or written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// An OSM PBF file could not be decoded.
    #[error("{}: bad OSM PBF: {message}", path.display())]
    Pbf {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A GeoJSON file could not be parsed as a whole.
    #[error("{}: bad GeoJSON: {message}", path.display())]
    GeoJson {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A record of a source file is unusable.
    #[error("{}:{location}: {message}", path.display())]
    BadRecord {
        /// The file.
        path: PathBuf,
        /// Line number (CSV) or feature index / id (GeoJSON).
        location: String,
        /// What is wrong with it.
        message: String,
    },
    /// Grid derivation failed for a jurisdiction.
    #[error("grids of jurisdiction {jurisdiction}: {message}")]
    Grid {
        /// The jurisdiction id.
        jurisdiction: String,
        /// What went wrong.
        message: String,
    },
    /// The assembled data set breaks a model rule.
    #[error("assembled data set is inconsistent")]
    Model(#[from] ModelError),
}
