//! The heat cascade as a reusable linear block for good_lp models (design.md §2.3).
//!
//! For the elements `k = 0..K-1` of a [`Cascade`] (from the top) and residuals `R_0..R_K >= 0`:
//!
//! ```text
//! R_k + sum_s load_{s,k} * scale_s - R_{k+1} = 0
//! ```
//!
//! where `load_{s,k}` is the heat stream `s` releases (+) or takes (-) in element `k` per unit of its scale,
//! and `scale_s` is 1 (or any number) for a fixed stream and a model variable for a variable one (a
//! refrigerant flow, a utility use). `R_0` is heat entering at the top and `R_K` heat leaving at the bottom:
//! fix both to zero when the utilities are streams of the model, leave them free to target.

use super::intervals::{Cascade, ShiftedStream};
use good_lp::{Constraint, Expression, ProblemVariables, Variable, constraint, variable};

/// How much of a stream flows in the cascade.
#[derive(Clone, Copy, Debug)]
pub enum Scale {
    /// A fixed multiple (process streams: 1).
    Fixed(f64),
    /// A model variable (flow, utility use).
    Variable(Variable),
}

/// The residual variables of one cascade in a model.
#[derive(Clone, Debug)]
pub struct CascadeBlock {
    pub cascade: Cascade,
    /// `R_0..R_K`, W.
    pub residuals: Vec<Variable>,
}

impl CascadeBlock {
    /// Declares `R_0..R_K >= 0` in `vars` for the cascade of `streams` (every stream that will take part,
    /// fixed or variable: their temperatures make the elements).
    pub fn declare<'a>(
        vars: &mut ProblemVariables,
        streams: impl IntoIterator<Item = &'a ShiftedStream>,
    ) -> Self {
        let cascade = Cascade::new(streams);
        let residuals = (0..=cascade.elements.len())
            .map(|_| vars.add(variable().min(0.0)))
            .collect();
        CascadeBlock { cascade, residuals }
    }

    /// `R_0`: heat entering at the top.
    pub fn top(&self) -> Variable {
        self.residuals[0]
    }

    /// `R_K`: heat leaving at the bottom.
    pub fn bottom(&self) -> Variable {
        self.residuals[self.residuals.len() - 1]
    }

    /// One balance per element for the `contributions`.
    pub fn balances(&self, contributions: &[(&ShiftedStream, Scale)]) -> Vec<Constraint> {
        let mut net: Vec<Expression> = self
            .residuals
            .windows(2)
            .map(|r| Expression::from(r[0]) - r[1])
            .collect();
        for (stream, scale) in contributions {
            for (k, q) in self.cascade.loads(stream) {
                match *scale {
                    Scale::Fixed(factor) => net[k] += q * factor,
                    Scale::Variable(v) => net[k] += q * v,
                }
            }
        }
        net.into_iter().map(|e| constraint!(e == 0.0)).collect()
    }
}
