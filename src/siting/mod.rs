//! Where to add offices: from candidate sites and a coverage radius, (a) the fewest new
//! offices that bring every village within reach, or (b) the best k new offices for the most
//! villages or population not yet within reach.
//!
//! A village is within reach of an office when their ground (haversine) distance is at most
//! the radius. Villages already within reach of an existing office are left out; the rest are
//! the elements of a covering [`Instance`], solved by [`cover::cover_all`] or
//! [`best_k::best_k`], which report bounds on how far their answer can be from the optimum.
//!
//! FIXME: reach is straight distance; a village across a river may be close but far by road.
//! Coverage gaps measure travel time on the road network (`gaps::travel`); siting does not
//! yet, so on a set with roads a chosen site may leave such a village out of reach.

pub mod best_k;
pub mod cover;
pub mod instance;
#[cfg(test)]
mod oracle;
mod sites;

pub use instance::Instance;
pub use sites::{Candidates, Goal, Siting, SitingError, SitingRequest, Weight, site};
