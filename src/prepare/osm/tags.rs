//! What OSM tags mean for gridbeat: settlement kinds, populations, routable roads.

use osmpbfreader::Tags;

use crate::model::VillageKind;

/// `highway` values a patrol can travel along: the road classes from `motorway` down to
/// `service`, their `_link` ramps, and the paths and tracks walked or driven slowly.
const ROUTABLE_HIGHWAYS: &[&str] = &[
    "motorway",
    "motorway_link",
    "trunk",
    "trunk_link",
    "primary",
    "primary_link",
    "secondary",
    "secondary_link",
    "tertiary",
    "tertiary_link",
    "unclassified",
    "residential",
    "service",
    "living_street",
    "pedestrian",
    "track",
    "path",
    "footway",
    "cycleway",
    "steps",
];

/// The value of a tag, if present.
pub(crate) fn value<'a>(tags: &'a Tags, key: &str) -> Option<&'a str> {
    tags.get(key).map(|value| value.as_str())
}

/// The value of a tag as an owned string, if present.
pub(crate) fn owned(tags: &Tags, key: &str) -> Option<String> {
    value(tags, key).map(str::to_owned)
}

/// The settlement kind a `place` value stands for; `None` for other places (`locality`,
/// `city`, `country`, ...).
pub(crate) fn village_kind(place: &str) -> Option<VillageKind> {
    match place {
        "town" => Some(VillageKind::Town),
        "village" => Some(VillageKind::Village),
        "hamlet" => Some(VillageKind::Hamlet),
        "suburb" => Some(VillageKind::Suburb),
        "neighbourhood" => Some(VillageKind::Neighbourhood),
        "isolated_dwelling" => Some(VillageKind::IsolatedDwelling),
        _ => None,
    }
}

/// The settlement kind of an object's `place` tag.
pub(crate) fn place_kind(tags: &Tags) -> Option<VillageKind> {
    value(tags, "place").and_then(village_kind)
}

/// The `population` tag when it is a plain whole number (surrounding spaces allowed).
/// Values such as `ca. 300` or `1,200` are ignored rather than guessed at.
pub(crate) fn population(tags: &Tags) -> Option<u64> {
    value(tags, "population")?.trim().parse().ok()
}

/// Whether the `highway` value is one a patrol can travel along.
pub(crate) fn is_routable(highway: &str) -> bool {
    ROUTABLE_HIGHWAYS.contains(&highway)
}

/// The `oneway` tag as found, or `yes` on a roundabout, which is one-way by definition.
pub(crate) fn oneway(tags: &Tags) -> Option<String> {
    match owned(tags, "oneway") {
        Some(oneway) => Some(oneway),
        None if tags.contains("junction", "roundabout") => Some("yes".to_owned()),
        None => None,
    }
}

/// Whether the object is tagged `amenity=police`.
pub(crate) fn is_police(tags: &Tags) -> bool {
    tags.contains("amenity", "police")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs
            .iter()
            .map(|&(key, value)| (key.into(), value.into()))
            .collect()
    }

    #[test]
    fn place_values_map_to_kinds() {
        assert_eq!(
            village_kind("isolated_dwelling"),
            Some(VillageKind::IsolatedDwelling)
        );
        assert_eq!(village_kind("hamlet"), Some(VillageKind::Hamlet));
        assert_eq!(village_kind("locality"), None);
    }

    #[test]
    fn population_parses_plain_numbers_only() {
        assert_eq!(population(&tags(&[("population", " 1234 ")])), Some(1234));
        assert_eq!(population(&tags(&[("population", "ca. 300")])), None);
        assert_eq!(population(&tags(&[])), None);
    }

    #[test]
    fn roundabout_is_oneway_unless_tagged() {
        assert_eq!(
            oneway(&tags(&[("junction", "roundabout")])).as_deref(),
            Some("yes")
        );
        let tagged = tags(&[("junction", "roundabout"), ("oneway", "no")]);
        assert_eq!(oneway(&tagged).as_deref(), Some("no"));
        assert_eq!(oneway(&tags(&[])), None);
    }

    #[test]
    fn routable_highways() {
        assert!(is_routable("primary_link"));
        assert!(is_routable("steps"));
        assert!(!is_routable("proposed"));
        assert!(!is_routable("bus_stop"));
    }
}
