//! Inverting a near-identity map of the plane by fixed-point iteration.
//!
//! GCJ-02 and BD-09 are both "WGS84 plus a small smooth offset". Their inverses are not
//! published, but each forward map `f(p) = p + d(p)` has an offset `d` whose derivative is far
//! below 1, so `p ← p + (target − f(p))` is a contraction that gains two or more decimal
//! digits per step.

/// Stop when the forward map reproduces the target within this many degrees on both axes.
pub(crate) const TOLERANCE_DEG: f64 = 1e-12;

/// Upper bound on iterations. Inside China convergence takes under ten.
const MAX_ITERATIONS: usize = 40;

/// Finds `p` with `forward(p) ≈ target`, starting from `start`.
///
/// Returns the best estimate reached if `MAX_ITERATIONS` run out, which can only happen where
/// `forward` is not smooth (the edge of China's box for GCJ-02). Non-finite targets are
/// returned unchanged.
pub(crate) fn invert(
    target: (f64, f64),
    start: (f64, f64),
    forward: impl Fn(f64, f64) -> (f64, f64),
) -> (f64, f64) {
    if !(target.0.is_finite() && target.1.is_finite()) {
        return target;
    }

    let mut estimate = start;
    let mut best = (estimate, f64::INFINITY);
    for _ in 0..MAX_ITERATIONS {
        let image = forward(estimate.0, estimate.1);
        let residual = (target.0 - image.0, target.1 - image.1);
        let size = residual.0.abs().max(residual.1.abs());

        // Keep the best estimate so a non-converging case still returns something sane.
        if size < best.1 {
            best = (estimate, size);
        }
        if size <= TOLERANCE_DEG {
            break;
        }

        estimate = (estimate.0 + residual.0, estimate.1 + residual.1);
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverts_a_small_smooth_offset() {
        let forward = |x: f64, y: f64| (x + 0.01 * y.sin(), y + 0.01 * x.cos());
        let (x, y) = invert((1.0, 2.0), (1.0, 2.0), forward);
        let (fx, fy) = forward(x, y);
        assert!((fx - 1.0).abs() <= TOLERANCE_DEG);
        assert!((fy - 2.0).abs() <= TOLERANCE_DEG);
    }

    #[test]
    fn passes_non_finite_input_through() {
        let (x, y) = invert((f64::NAN, 1.0), (0.0, 0.0), |x, y| (x, y));
        assert!(x.is_nan());
        assert_eq!(y, 1.0);
    }
}
