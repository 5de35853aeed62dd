//! Coordinate systems: WGS84, GCJ-02, BD-09 and Web Mercator.
