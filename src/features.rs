//! Layers as GeoJSON features for OGC API – Features.
