//! The cost matrix every optimiser reads: square, finite and non-negative, any metric.

/// Largest cost accepted: a tour's sum of at most a few thousand such costs stays finite and
/// exact to well under a unit.
pub const MAX_COST: f64 = 1.0e15;

/// Why a list of rows is not a usable cost matrix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MatrixError {
    /// No rows at all.
    #[error("the matrix is empty: give at least one row")]
    Empty,
    /// A row whose length differs from the number of rows.
    #[error("row {row} has {len} values; a matrix of {expected} rows needs {expected} per row")]
    NotSquare {
        /// Index of the row.
        row: usize,
        /// Its length.
        len: usize,
        /// The number of rows.
        expected: usize,
    },
    /// A value that is negative, above [`MAX_COST`], infinite or not a number.
    #[error("matrix[{row}][{col}] is {value}; costs must be numbers from 0 to 1e15")]
    BadValue {
        /// Row index.
        row: usize,
        /// Column index.
        col: usize,
        /// The offending value.
        value: f64,
    },
}

/// A checked square matrix of costs: `cost(i, j)` is the cost of going from `i` to `j` (metres,
/// seconds or any other unit, the same for every entry). It need not be symmetric nor obey
/// the triangle inequality; the diagonal is ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct CostMatrix {
    n: usize,
    data: Vec<f64>,
}

impl CostMatrix {
    /// Checks `rows` and keeps them.
    ///
    /// # Errors
    ///
    /// [`MatrixError`] names the first row or entry that is wrong.
    pub fn new(rows: &[Vec<f64>]) -> Result<Self, MatrixError> {
        let n = rows.len();
        if n == 0 {
            return Err(MatrixError::Empty);
        }
        let mut data = Vec::with_capacity(n * n);
        for (row, values) in rows.iter().enumerate() {
            if values.len() != n {
                return Err(MatrixError::NotSquare {
                    row,
                    len: values.len(),
                    expected: n,
                });
            }
            for (col, &value) in values.iter().enumerate() {
                if !(0.0..=MAX_COST).contains(&value) && row != col {
                    return Err(MatrixError::BadValue { row, col, value });
                }
                data.push(if row == col { 0.0 } else { value });
            }
        }
        Ok(Self { n, data })
    }

    /// A matrix of `n` rows whose entries are `cost(i, j)`.
    ///
    /// # Errors
    ///
    /// As [`CostMatrix::new`].
    pub fn from_fn(n: usize, cost: impl Fn(usize, usize) -> f64) -> Result<Self, MatrixError> {
        let rows: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| cost(i, j)).collect())
            .collect();
        Self::new(&rows)
    }

    /// Number of rows (and columns).
    pub fn len(&self) -> usize {
        self.n
    }

    /// Never true: a matrix has at least one row.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The cost of going from `i` to `j`.
    ///
    /// # Panics
    ///
    /// If `i` or `j` is not below [`CostMatrix::len`].
    #[inline]
    pub fn cost(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.n + j]
    }

    /// Whether `cost(i, j) == cost(j, i)` for every pair.
    pub fn is_symmetric(&self) -> bool {
        (0..self.n).all(|i| (0..i).all(|j| self.cost(i, j) == self.cost(j, i)))
    }

    /// The cost of visiting `order` in turn, plus the way back to its first entry when
    /// `closed`.
    pub fn route_cost(&self, order: &[usize], closed: bool) -> f64 {
        let legs: f64 = order.windows(2).map(|w| self.cost(w[0], w[1])).sum();
        match (closed, order.first(), order.last()) {
            (true, Some(&first), Some(&last)) => legs + self.cost(last, first),
            _ => legs,
        }
    }

    /// A copy in which every way into `start` is free: a closed tour of it from `start` costs
    /// what the open path (ending anywhere) costs in `self`.
    pub(crate) fn free_return_to(&self, start: usize) -> Self {
        let mut copy = self.clone();
        for i in 0..self.n {
            copy.data[i * self.n + start] = 0.0;
        }
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_ragged_negative_and_nan_rows() {
        assert_eq!(CostMatrix::new(&[]), Err(MatrixError::Empty));
        let ragged = CostMatrix::new(&[vec![0.0, 1.0], vec![1.0]]);
        assert_eq!(
            ragged,
            Err(MatrixError::NotSquare {
                row: 1,
                len: 1,
                expected: 2
            })
        );
        let negative = CostMatrix::new(&[vec![0.0, -1.0], vec![1.0, 0.0]]);
        assert!(matches!(
            negative,
            Err(MatrixError::BadValue { row: 0, col: 1, .. })
        ));
        let nan = CostMatrix::new(&[vec![0.0, 1.0], vec![f64::NAN, 0.0]]);
        assert!(matches!(
            nan,
            Err(MatrixError::BadValue { row: 1, col: 0, .. })
        ));
    }

    #[test]
    fn diagonal_is_ignored_and_route_costs_add_up() {
        let m = CostMatrix::new(&[
            vec![f64::NAN, 1.0, 4.0],
            vec![2.0, 9.0, 3.0],
            vec![5.0, 6.0, 0.0],
        ])
        .expect("valid");
        assert_eq!(m.cost(0, 0), 0.0);
        assert!(!m.is_symmetric());
        assert_eq!(m.route_cost(&[0, 1, 2], false), 4.0);
        assert_eq!(m.route_cost(&[0, 1, 2], true), 9.0);
        let open = m.free_return_to(0);
        assert_eq!(open.route_cost(&[0, 1, 2], true), 4.0);
    }
}
