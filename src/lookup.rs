//! Who is responsible at a point.
