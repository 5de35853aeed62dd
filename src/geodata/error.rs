//! Errors of reading and writing a data set folder.

use std::path::PathBuf;

use crate::model::ModelError;

/// Why a data set folder could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeodataError {
    /// A file could not be opened, read or written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// A file is not valid JSON of the expected shape.
    #[error("{}: {cause}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause, with line and column.
        cause: serde_json::Error,
    },
    /// One feature of a layer is unusable.
    #[error("{}: feature {index} ({id}): {message}", path.display())]
    Feature {
        /// The file.
        path: PathBuf,
        /// Position of the feature in the file, from 0.
        index: usize,
        /// The feature's id, or `?`.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The records do not fit together.
    #[error("{}: {cause}", path.display())]
    Model {
        /// The folder.
        path: PathBuf,
        /// The broken rule.
        cause: ModelError,
    },
}
