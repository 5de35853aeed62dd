//! The `andorra` data set from an OpenStreetMap PBF extract.
