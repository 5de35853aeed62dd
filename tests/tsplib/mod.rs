//! A reader for the few TSPLIB files in `tests/fixtures/tsplib` (see the README there): the
//! `EUC_2D`, `ATT` and explicit `LOWER_DIAG_ROW` kinds, with TSPLIB's own rounding rules
//! (Reinelt, "TSPLIB 95", section 2).

#![allow(dead_code, reason = "tests and benches use different parts")]

use std::path::PathBuf;

use gridbeat::optimize::CostMatrix;

/// One instance and its best known tour length.
pub struct Instance {
    /// TSPLIB name.
    pub name: &'static str,
    /// The integer distances of the instance.
    pub matrix: CostMatrix,
    /// Published optimum.
    pub best_known: f64,
}

/// Instances shipped in the fixtures folder, with their published optima.
pub const KNOWN: [(&str, f64); 4] = [
    ("gr17", 2085.0),
    ("berlin52", 7542.0),
    ("pcb442", 50778.0),
    ("att532", 27686.0),
];

/// Loads `name` from the fixtures folder.
pub fn load(name: &'static str) -> Instance {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tsplib")
        .join(format!("{name}.tsp"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let best_known = KNOWN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .expect("a known instance");
    Instance {
        name,
        matrix: parse(&text),
        best_known,
    }
}

fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// The distance matrix of a TSPLIB file.
pub fn parse(text: &str) -> CostMatrix {
    let n: usize = header(text, "DIMENSION")
        .expect("DIMENSION")
        .parse()
        .expect("a count");
    let kind = header(text, "EDGE_WEIGHT_TYPE").expect("EDGE_WEIGHT_TYPE");
    let numbers = |section: &str| -> Vec<f64> {
        let start = text.find(section).expect("section") + section.len();
        text[start..]
            .split_whitespace()
            .take_while(|w| *w != "EOF" && *w != "DISPLAY_DATA_SECTION")
            .map(|w| w.parse().expect("a number"))
            .collect()
    };
    match kind {
        "EXPLICIT" => {
            assert_eq!(header(text, "EDGE_WEIGHT_FORMAT"), Some("LOWER_DIAG_ROW"));
            let w = numbers("EDGE_WEIGHT_SECTION");
            // Row i holds the distances to nodes 0..=i.
            let at = |i: usize, j: usize| w[i * (i + 1) / 2 + j];
            CostMatrix::from_fn(n, |i, j| if i >= j { at(i, j) } else { at(j, i) })
                .expect("a valid matrix")
        }
        "EUC_2D" | "ATT" => {
            let xy: Vec<[f64; 2]> = numbers("NODE_COORD_SECTION")
                .chunks(3)
                .map(|c| [c[1], c[2]])
                .collect();
            assert_eq!(xy.len(), n);
            let att = kind == "ATT";
            CostMatrix::from_fn(n, |i, j| {
                let (dx, dy) = (xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
                if att {
                    let r = ((dx * dx + dy * dy) / 10.0).sqrt();
                    let t = (r + 0.5).floor();
                    if t < r { t + 1.0 } else { t }
                } else {
                    ((dx * dx + dy * dy).sqrt() + 0.5).floor()
                }
            })
            .expect("a valid matrix")
        }
        other => panic!("unsupported EDGE_WEIGHT_TYPE {other}"),
    }
}

/// The order of a TSPLIB `.tour` file (0-based).
pub fn tour(name: &str) -> Vec<usize> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tsplib")
        .join(format!("{name}.opt.tour"));
    let text = std::fs::read_to_string(path).expect("tour fixture");
    let start = text.find("TOUR_SECTION").expect("TOUR_SECTION") + "TOUR_SECTION".len();
    text[start..]
        .split_whitespace()
        .map_while(|w| w.parse::<i64>().ok())
        .take_while(|&v| v > 0)
        .map(|v| (v - 1) as usize)
        .collect()
}
