//! Errors of the coordinate-system module.

/// Why a coordinate system name could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CrsError {
    /// The name is none of the accepted spellings.
    #[error(
        "unknown coordinate system {name:?}: expected one of wgs84, cgcs2000, gcj02, bd09, \
         EPSG:4326, EPSG:4490"
    )]
    Unknown {
        /// The name as given.
        name: String,
    },
}
