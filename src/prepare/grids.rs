//! Grid derivation: village catchments clipped to their jurisdiction.

use crate::model::{Grid, Jurisdiction, Village};

use super::PrepareError;

/// Derives the grids of every jurisdiction.
///
/// # Errors
///
/// When a jurisdiction's catchments cannot be computed.
pub fn derive(
    _jurisdictions: &[Jurisdiction],
    _villages: &[Village],
) -> Result<Vec<Grid>, PrepareError> {
    Ok(Vec::new())
}
