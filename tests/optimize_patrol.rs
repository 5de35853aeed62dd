//! Patrol plans against brute force on tiny instances, and the reasons for unserved stops.

use gridbeat::optimize::{
    CostMatrix, PatrolOptions, PatrolPlan, PatrolSpec, PatrolStop, TimeWindow, UnservedReason,
    plan_patrols,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// (stops left out, longest duration, total travel).
type Key = (usize, f64, f64);

/// Duration and travel of `route`, or `None` if it breaks a window or the shift: written
/// apart from the planner's own timing.
fn timing(
    m: &CostMatrix,
    stops: &[PatrolStop],
    spec: &PatrolSpec,
    route: &[usize],
) -> Option<(f64, f64)> {
    let mut t = spec.depart_at;
    let mut travel = 0.0;
    let mut at = spec.start;
    for &s in route {
        travel += m.cost(at, stops[s].node);
        t += m.cost(at, stops[s].node);
        if let Some(w) = stops[s].window {
            if t > w.close {
                return None;
            }
            t = t.max(w.open);
        }
        t += stops[s].service;
        at = stops[s].node;
    }
    if spec.return_to_start {
        travel += m.cost(at, spec.start);
        t += m.cost(at, spec.start);
    }
    if spec.shift_end.is_some_and(|end| t > end) {
        return None;
    }
    Some((t - spec.depart_at, travel))
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            all.push(p);
        }
    }
    all
}

fn less(a: Key, b: Key) -> bool {
    (a.0, a.1, a.2).partial_cmp(&(b.0, b.1, b.2)) == Some(std::cmp::Ordering::Less)
}

/// The best key over every assignment of stops to officers (or to nobody) and every order.
fn brute_force(m: &CostMatrix, stops: &[PatrolStop], spec: &PatrolSpec) -> Key {
    let k = spec.officers;
    let choices = (k + 1).pow(stops.len() as u32);
    let mut best: Key = (usize::MAX, 0.0, 0.0);
    for code in 0..choices {
        let mut groups = vec![Vec::new(); k + 1];
        let mut c = code;
        for s in 0..stops.len() {
            groups[c % (k + 1)].push(s);
            c /= k + 1;
        }
        // Every officer's feasible (duration, travel) pairs, combined officer by officer.
        let mut combined = vec![(0.0f64, 0.0f64)];
        for group in &groups[..k] {
            let options: Vec<(f64, f64)> = permutations(group)
                .iter()
                .filter_map(|p| timing(m, stops, spec, p))
                .collect();
            combined = combined
                .iter()
                .flat_map(|&(l, t)| options.iter().map(move |&(d, tr)| (l.max(d), t + tr)))
                .collect();
        }
        for (longest, total) in combined {
            let key = (groups[k].len(), longest, total);
            if less(key, best) {
                best = key;
            }
        }
    }
    best
}

fn random_instance(
    rng: &mut ChaCha8Rng,
    n_stops: usize,
    symmetric: bool,
) -> (CostMatrix, Vec<PatrolStop>) {
    let n = n_stops + 1;
    let xy: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random_range(0.0..50.0), rng.random_range(0.0..50.0)))
        .collect();
    let noise: Vec<f64> = (0..n * n).map(|_| rng.random_range(0..15) as f64).collect();
    let m = CostMatrix::from_fn(n, |i, j| {
        let d = (xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1).ceil();
        if symmetric { d } else { d + noise[i * n + j] }
    })
    .expect("valid");
    let stops = (1..n)
        .map(|node| {
            let window = rng.random_bool(0.4).then(|| {
                let open = rng.random_range(0..120) as f64;
                TimeWindow {
                    open,
                    close: open + rng.random_range(0..60) as f64,
                }
            });
            PatrolStop {
                node,
                service: rng.random_range(0..10) as f64,
                window,
            }
        })
        .collect();
    (m, stops)
}

/// The plan is made of the given stops, each once, with the times the oracle computes.
fn check_plan(m: &CostMatrix, stops: &[PatrolStop], spec: &PatrolSpec, plan: &PatrolPlan) -> Key {
    let mut seen = vec![0; stops.len()];
    let (mut longest, mut total) = (0.0f64, 0.0);
    assert_eq!(plan.routes.len(), spec.officers);
    for route in &plan.routes {
        let order: Vec<usize> = route.visits.iter().map(|v| v.stop).collect();
        let (duration, travel) = timing(m, stops, spec, &order).expect("a feasible route");
        assert_eq!((route.duration, route.travel), (duration, travel));
        longest = longest.max(duration);
        total += travel;
        order.iter().for_each(|&s| seen[s] += 1);
    }
    plan.unserved.iter().for_each(|u| seen[u.stop] += 1);
    assert!(seen.iter().all(|&c| c == 1), "{seen:?}");
    assert_eq!((plan.longest, plan.total_travel), (longest, total));
    (plan.unserved.len(), longest, total)
}

#[test]
fn plans_match_brute_force_on_tiny_instances() {
    let mut compared = 0;
    for seed in 0..24u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n_stops = 4 + (seed % 3) as usize;
        let (m, stops) = random_instance(&mut rng, n_stops, seed % 2 == 0);
        for officers in 1..=3 {
            let spec = PatrolSpec {
                start: 0,
                return_to_start: seed % 4 < 2,
                officers,
                depart_at: 0.0,
                shift_end: (seed % 3 == 0).then_some(150.0),
            };
            let plan = plan_patrols(&m, &stops, &spec, &PatrolOptions::default()).expect("plan");
            let found = check_plan(&m, &stops, &spec, &plan);
            let best = brute_force(&m, &stops, &spec);
            assert_eq!(found, best, "seed {seed}, {officers} officers: {plan:#?}");
            compared += 1;
        }
    }
    assert_eq!(compared, 72);
}

#[test]
fn two_officers_balance_the_day_rather_than_save_travel() {
    // Stops 10, 11 and 12 away on one road, 10 minutes of service each.
    let m = CostMatrix::from_fn(4, |i, j| {
        let at: [f64; 4] = [0.0, 10.0, 11.0, 12.0];
        (at[i] - at[j]).abs()
    })
    .expect("valid");
    let stops: Vec<PatrolStop> = (1..4)
        .map(|node| PatrolStop {
            node,
            service: 10.0,
            window: None,
        })
        .collect();
    let spec = PatrolSpec {
        start: 0,
        return_to_start: true,
        officers: 2,
        depart_at: 0.0,
        shift_end: None,
    };
    let plan = plan_patrols(&m, &stops, &spec, &PatrolOptions::default()).expect("plan");
    // One officer alone would travel 24 but work 54; split, the longer day is 42.
    assert_eq!((plan.longest, plan.total_travel), (42.0, 46.0));
    let sizes: Vec<usize> = plan.routes.iter().map(|r| r.visits.len()).collect();
    assert_eq!(sizes, vec![2, 1]);
}

#[test]
fn stops_that_cannot_be_served_come_back_with_their_reason() {
    let m = CostMatrix::from_fn(4, |i, j| if i == j { 0.0 } else { 10.0 }).expect("valid");
    let window = |open, close| Some(TimeWindow { open, close });
    let stops = [
        // Closes before anyone can get there.
        PatrolStop {
            node: 1,
            service: 0.0,
            window: window(0.0, 5.0),
        },
        // Takes longer than the shift.
        PatrolStop {
            node: 2,
            service: 500.0,
            window: None,
        },
        // Both at exactly t = 10, in two places: one officer serves only one.
        PatrolStop {
            node: 3,
            service: 0.0,
            window: window(10.0, 10.0),
        },
        PatrolStop {
            node: 1,
            service: 0.0,
            window: window(10.0, 10.0),
        },
    ];
    let spec = PatrolSpec {
        start: 0,
        return_to_start: true,
        officers: 1,
        depart_at: 0.0,
        shift_end: Some(100.0),
    };
    let plan = plan_patrols(&m, &stops, &spec, &PatrolOptions::default()).expect("plan");
    let reasons: Vec<(usize, UnservedReason)> =
        plan.unserved.iter().map(|u| (u.stop, u.reason)).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(
        reasons[0],
        (
            0,
            UnservedReason::WindowClosed {
                earliest_arrival: 10.0,
                close: 5.0
            }
        )
    );
    assert_eq!(
        reasons[1],
        (
            1,
            UnservedReason::BeyondShift {
                earliest_end: 520.0,
                shift_end: 100.0
            }
        )
    );
    assert_eq!(reasons[2].1, UnservedReason::NoRoom);
    assert_eq!(plan.routes[0].visits.len(), 1);
    assert_eq!(plan.routes[0].visits[0].begin, 10.0);

    let two = PatrolSpec {
        officers: 2,
        ..spec
    };
    let plan = plan_patrols(&m, &stops, &two, &PatrolOptions::default()).expect("plan");
    assert_eq!(plan.unserved.len(), 2);
}

#[test]
fn a_hundred_stops_three_officers_is_deterministic_and_balanced() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (m, mut stops) = random_instance(&mut rng, 100, true);
    stops.iter_mut().for_each(|s| s.window = None);
    let spec = PatrolSpec {
        start: 0,
        return_to_start: true,
        officers: 3,
        depart_at: 0.0,
        shift_end: None,
    };
    // A budget of rounds, not of time, so both runs do the same work.
    let options = PatrolOptions {
        rounds: 1_500,
        time_limit: std::time::Duration::from_secs(600),
        ..PatrolOptions::default()
    };
    let a = plan_patrols(&m, &stops, &spec, &options).expect("plan");
    let b = plan_patrols(&m, &stops, &spec, &options).expect("plan");
    check_plan(&m, &stops, &spec, &a);
    assert!(a.unserved.is_empty());
    let shortest = a
        .routes
        .iter()
        .map(|r| r.duration)
        .fold(f64::INFINITY, f64::min);
    assert!(shortest > 0.8 * a.longest, "{shortest} vs {}", a.longest);
    assert_eq!(a, b);
}
