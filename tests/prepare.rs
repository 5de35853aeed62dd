//! `gridbeat prepare` rebuilds the shipped data sets byte for byte, at the stated ratios.

mod common;

use std::fs;
use std::process::Command;

use gridbeat::model::{Dataset, Role};

#[test]
fn prepare_reproduces_the_shipped_geodata() {
    let out = std::env::temp_dir().join(format!("gridbeat-prepare-{}", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_gridbeat"))
        .args(["prepare", "--out", out.to_str().expect("utf-8")])
        .arg("--shared-data")
        .arg(common::shared_data())
        .env("RUST_LOG", "warn")
        .status()
        .expect("run gridbeat prepare");
    assert!(status.success());

    for set in ["andorra", "henan"] {
        let shipped = common::root().join("geodata").join(set);
        let mut names: Vec<_> = fs::read_dir(&shipped)
            .expect("geodata set")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert!(names.len() >= 8, "{set}: {names:?}");
        for name in names {
            let a = fs::read(shipped.join(&name)).expect("shipped file");
            let b = fs::read(out.join(set).join(&name)).expect("rebuilt file");
            assert!(
                a == b,
                "{set}/{} differs from a fresh prepare",
                name.to_string_lossy()
            );
        }
    }
    fs::remove_dir_all(out).expect("clean up");
}

fn served_grids(d: &Dataset) -> usize {
    d.grids.iter().filter(|g| g.village_id.is_some()).count()
}

#[test]
fn generated_staff_follows_the_stated_ratios() {
    for atlas in [common::andorra(), common::henan()] {
        let d = &atlas.dataset;
        let served = served_grids(d) as f64;
        let offices = d.offices.len() as f64;
        let community = d.officer_count(Role::Community) as f64;
        // About one office per six villages and one community officer per four (rounded up
        // per jurisdiction and per office), one auxiliary per served grid.
        assert!(
            (4.0..=6.0).contains(&(served / offices)),
            "{} villages per office",
            served / offices
        );
        assert!(
            (3.0..=4.5).contains(&(served / community)),
            "{} per officer",
            served / community
        );
        assert_eq!(d.officer_count(Role::Auxiliary) as f64, served);

        // 3 % of served grids, at least one, are left without a primary officer on purpose.
        let without: Vec<_> = (0..d.grids.len())
            .filter(|&g| d.grids[g].village_id.is_some() && d.primary_officer(g).is_none())
            .collect();
        assert_eq!(without.len(), (served * 0.03).ceil() as usize);
    }
}
