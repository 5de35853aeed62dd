//! R-trees and fast point-in-polygon.
