//! Closed walks through every item of a multigraph exactly once (Hierholzer, 1873), for
//! undirected items (a connected graph with only even degrees) or directed ones (in-degree
//! equal to out-degree everywhere).

/// One item to walk: between `a` and `b`, in either direction unless `directed`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub a: usize,
    pub b: usize,
    pub directed: bool,
}

/// The walk from `start` as (link index, walked from `a` to `b`), or `None` when the degree
/// conditions do not hold or some link cannot be reached.
pub(crate) fn circuit(nodes: usize, links: &[Link], start: usize) -> Option<Vec<(usize, bool)>> {
    // Undirected ends per node must be even, directed ins and outs equal.
    let mut ends = vec![0usize; nodes];
    let mut balance = vec![0i64; nodes];
    for l in links {
        if l.directed {
            balance[l.a] -= 1;
            balance[l.b] += 1;
        } else {
            ends[l.a] += 1;
            ends[l.b] += 1;
        }
    }
    if ends.iter().any(|e| e % 2 == 1) || balance.iter().any(|&b| b != 0) {
        return None;
    }
    let mut incident: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for (k, l) in links.iter().enumerate() {
        incident[l.a].push(k);
        if !l.directed && l.b != l.a {
            incident[l.b].push(k);
        }
    }
    let mut next = vec![0usize; nodes];
    let mut used = vec![false; links.len()];
    // The stack holds (node, link that led there); links leave it in reverse walk order.
    let mut stack: Vec<(usize, Option<(usize, bool)>)> = vec![(start, None)];
    let mut walk = Vec::with_capacity(links.len());
    while let Some(&(v, _)) = stack.last() {
        let mut step = None;
        while next[v] < incident[v].len() {
            let k = incident[v][next[v]];
            next[v] += 1;
            if !used[k] {
                used[k] = true;
                let forward = links[k].a == v;
                step = Some((k, forward));
                break;
            }
        }
        match step {
            Some((k, forward)) => {
                let to = if forward { links[k].b } else { links[k].a };
                stack.push((to, Some((k, forward))));
            }
            None => {
                if let Some((_, Some(link))) = stack.pop() {
                    walk.push(link);
                } else {
                    stack.clear();
                }
            }
        }
    }
    walk.reverse();
    (walk.len() == links.len()).then_some(walk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(links: &[Link], walk: &[(usize, bool)]) -> Vec<(usize, usize)> {
        walk.iter()
            .map(|&(k, f)| {
                if f {
                    (links[k].a, links[k].b)
                } else {
                    (links[k].b, links[k].a)
                }
            })
            .collect()
    }

    #[test]
    fn walks_two_triangles_sharing_a_node_and_refuses_odd_degrees() {
        let u = |a, b| Link {
            a,
            b,
            directed: false,
        };
        let links = [u(0, 1), u(1, 2), u(2, 0), u(0, 3), u(3, 4), u(4, 0)];
        let walk = circuit(5, &links, 0).expect("eulerian");
        let steps = ends(&links, &walk);
        assert_eq!(steps.len(), 6);
        assert_eq!(steps[0].0, 0);
        assert!(steps.windows(2).all(|w| w[0].1 == w[1].0));
        assert_eq!(steps[5].1, 0);
        assert_eq!(circuit(3, &[u(0, 1), u(1, 2)], 0), None);
    }

    #[test]
    fn directed_links_are_walked_forwards_only() {
        let d = |a, b| Link {
            a,
            b,
            directed: true,
        };
        let links = [d(0, 1), d(1, 2), d(2, 0)];
        let walk = circuit(3, &links, 1).expect("eulerian");
        assert_eq!(ends(&links, &walk), vec![(1, 2), (2, 0), (0, 1)]);
        assert_eq!(circuit(3, &[d(0, 1), d(2, 1)], 0), None);
    }
}
