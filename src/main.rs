//! The gridbeat command line.

fn main() {}
