//! Ipopt (Wächter & Biegler, Math. Program. 106 (2006) 25-57) through its C interface
//! (`IpStdCInterface.h`, Debian's coinor-libipopt-dev 3.11; linked by build.rs): a safe call that takes an
//! [`Nlp`] and returns the solution or the reason there is none.
//!
//! Ipopt's linear solver in Debian's build, MUMPS (sequential), keeps global state, so solves are taken one
//! at a time (a process-wide lock); the network's NLPs are small (milliseconds).

use std::ffi::{CString, c_char, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

type Number = f64;
type Index = c_int;
type Bool = c_int;
type UserData = *mut c_void;

#[repr(C)]
struct ProblemInfo {
    _private: [u8; 0],
}

type EvalF = extern "C" fn(Index, *const Number, Bool, *mut Number, UserData) -> Bool;
type EvalGradF = extern "C" fn(Index, *const Number, Bool, *mut Number, UserData) -> Bool;
type EvalG = extern "C" fn(Index, *const Number, Bool, Index, *mut Number, UserData) -> Bool;
type EvalJacG = extern "C" fn(
    Index,
    *const Number,
    Bool,
    Index,
    Index,
    *mut Index,
    *mut Index,
    *mut Number,
    UserData,
) -> Bool;
type EvalH = extern "C" fn(
    Index,
    *const Number,
    Bool,
    Number,
    Index,
    *const Number,
    Bool,
    Index,
    *mut Index,
    *mut Index,
    *mut Number,
    UserData,
) -> Bool;

unsafe extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn CreateIpoptProblem(
        n: Index,
        x_l: *const Number,
        x_u: *const Number,
        m: Index,
        g_l: *const Number,
        g_u: *const Number,
        nele_jac: Index,
        nele_hess: Index,
        index_style: Index,
        eval_f: EvalF,
        eval_g: EvalG,
        eval_grad_f: EvalGradF,
        eval_jac_g: EvalJacG,
        eval_h: EvalH,
    ) -> *mut ProblemInfo;
    fn FreeIpoptProblem(problem: *mut ProblemInfo);
    fn AddIpoptStrOption(problem: *mut ProblemInfo, key: *const c_char, val: *const c_char)
    -> Bool;
    fn AddIpoptNumOption(problem: *mut ProblemInfo, key: *const c_char, val: Number) -> Bool;
    fn AddIpoptIntOption(problem: *mut ProblemInfo, key: *const c_char, val: c_int) -> Bool;
    #[allow(clippy::too_many_arguments)]
    fn IpoptSolve(
        problem: *mut ProblemInfo,
        x: *mut Number,
        g: *mut Number,
        obj_val: *mut Number,
        mult_g: *mut Number,
        mult_x_l: *mut Number,
        mult_x_u: *mut Number,
        user_data: UserData,
    ) -> c_int;
}

/// A smooth NLP: minimise f(x) subject to `g_lower <= g(x) <= g_upper`, `x_lower <= x <= x_upper`, with
/// sparse first derivatives of g and the lower triangle of the Lagrangian's Hessian.
pub trait Nlp {
    fn bounds(&self) -> (Vec<f64>, Vec<f64>);
    fn constraint_bounds(&self) -> (Vec<f64>, Vec<f64>);
    fn objective(&self, x: &[f64]) -> f64;
    fn gradient(&self, x: &[f64], grad: &mut [f64]);
    fn constraints(&self, x: &[f64], g: &mut [f64]);
    /// (row, column) of each non-zero of g's Jacobian.
    fn jacobian_structure(&self) -> Vec<(usize, usize)>;
    fn jacobian_values(&self, x: &[f64], values: &mut [f64]);
    /// (row, column), row >= column, of each non-zero of the Hessian's lower triangle.
    fn hessian_structure(&self) -> Vec<(usize, usize)>;
    /// obj_factor * Hess f + sum_i lambda_i Hess g_i, in [`Nlp::hessian_structure`]'s order.
    fn hessian_values(&self, x: &[f64], obj_factor: f64, lambda: &[f64], values: &mut [f64]);
}

/// Ipopt's settings for one solve.
#[derive(Clone, Debug)]
pub struct IpoptSettings {
    pub tolerance: f64,
    pub max_iterations: i32,
    pub max_cpu_time_s: f64,
}

impl Default for IpoptSettings {
    fn default() -> Self {
        IpoptSettings {
            tolerance: 1e-8,
            max_iterations: 3000,
            max_cpu_time_s: 60.0,
        }
    }
}

/// How a solve ended, with the point Ipopt stopped at.
#[derive(Clone, Debug)]
pub struct NlpSolution {
    pub x: Vec<f64>,
    pub objective: f64,
    /// Ipopt's return status (0 solved, 1 solved to acceptable level; negative: failure).
    pub status: i32,
}

impl NlpSolution {
    /// Solved (to Ipopt's tolerance or its acceptable level).
    pub fn converged(&self) -> bool {
        matches!(self.status, 0 | 1)
    }
}

struct Callbacks<'a> {
    nlp: &'a dyn Nlp,
    jacobian: Vec<(usize, usize)>,
    hessian: Vec<(usize, usize)>,
    m: usize,
}

fn user<'a>(data: UserData) -> &'a Callbacks<'a> {
    // SAFETY: `data` is the `&Callbacks` that `solve` passes to IpoptSolve and outlives the solve.
    unsafe { &*(data as *const Callbacks) }
}

/// Runs `body`, turning a panic into Ipopt's "evaluation failed" (a panic must not cross the C frames).
fn guarded(body: impl FnOnce()) -> Bool {
    catch_unwind(AssertUnwindSafe(body)).is_ok() as Bool
}

fn slice<'a>(ptr: *const Number, len: Index) -> &'a [Number] {
    // SAFETY: Ipopt passes arrays of the advertised lengths.
    unsafe { std::slice::from_raw_parts(ptr, len.max(0) as usize) }
}

fn slice_mut<'a>(ptr: *mut Number, len: usize) -> &'a mut [Number] {
    // SAFETY: as above, for the output arrays.
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

/// Writes a sparsity pattern into Ipopt's row and column arrays (of `nele` entries each).
fn write_pattern(pattern: &[(usize, usize)], rows: *mut Index, cols: *mut Index, nele: Index) {
    // SAFETY: Ipopt passes arrays of nele entries for the structure.
    let (r, c) = unsafe {
        (
            std::slice::from_raw_parts_mut(rows, nele as usize),
            std::slice::from_raw_parts_mut(cols, nele as usize),
        )
    };
    for (k, &(i, j)) in pattern.iter().enumerate().take(nele as usize) {
        r[k] = i as Index;
        c[k] = j as Index;
    }
}

extern "C" fn eval_f(n: Index, x: *const Number, _: Bool, obj: *mut Number, d: UserData) -> Bool {
    let mut finite = false;
    let ran = guarded(|| {
        let v = user(d).nlp.objective(slice(x, n));
        finite = v.is_finite();
        // SAFETY: obj points to one Number.
        unsafe { *obj = v };
    });
    ran & finite as Bool
}

extern "C" fn eval_grad_f(
    n: Index,
    x: *const Number,
    _: Bool,
    g: *mut Number,
    d: UserData,
) -> Bool {
    guarded(|| {
        let out = slice_mut(g, n as usize);
        user(d).nlp.gradient(slice(x, n), out);
    })
}

extern "C" fn eval_g(
    n: Index,
    x: *const Number,
    _: Bool,
    m: Index,
    g: *mut Number,
    d: UserData,
) -> Bool {
    guarded(|| {
        user(d)
            .nlp
            .constraints(slice(x, n), slice_mut(g, m as usize))
    })
}

extern "C" fn eval_jac_g(
    n: Index,
    x: *const Number,
    _: Bool,
    _m: Index,
    nele: Index,
    rows: *mut Index,
    cols: *mut Index,
    values: *mut Number,
    d: UserData,
) -> Bool {
    guarded(|| {
        let cb = user(d);
        if values.is_null() {
            write_pattern(&cb.jacobian, rows, cols, nele);
        } else {
            cb.nlp
                .jacobian_values(slice(x, n), slice_mut(values, nele as usize));
        }
    })
}

extern "C" fn eval_h(
    n: Index,
    x: *const Number,
    _: Bool,
    obj_factor: Number,
    m: Index,
    lambda: *const Number,
    _: Bool,
    nele: Index,
    rows: *mut Index,
    cols: *mut Index,
    values: *mut Number,
    d: UserData,
) -> Bool {
    guarded(|| {
        let cb = user(d);
        if values.is_null() {
            write_pattern(&cb.hessian, rows, cols, nele);
        } else {
            let lambda = if cb.m == 0 { &[][..] } else { slice(lambda, m) };
            cb.nlp.hessian_values(
                slice(x, n),
                obj_factor,
                lambda,
                slice_mut(values, nele as usize),
            );
        }
    })
}

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Solves `nlp` from `x0` with Ipopt; `Err` when Ipopt refuses the problem or an option.
pub fn solve(nlp: &dyn Nlp, x0: &[f64], settings: &IpoptSettings) -> Result<NlpSolution, String> {
    let (x_l, x_u) = nlp.bounds();
    let (g_l, g_u) = nlp.constraint_bounds();
    let n = x_l.len();
    let m = g_l.len();
    if x0.len() != n || x_u.len() != n || g_u.len() != m {
        return Err("the NLP's bounds and starting point differ in length".into());
    }
    let callbacks = Callbacks {
        nlp,
        jacobian: nlp.jacobian_structure(),
        hessian: nlp.hessian_structure(),
        m,
    };
    let _lock = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    // SAFETY: the arrays are of the lengths given; Ipopt copies them.
    let problem = unsafe {
        CreateIpoptProblem(
            n as Index,
            x_l.as_ptr(),
            x_u.as_ptr(),
            m as Index,
            g_l.as_ptr(),
            g_u.as_ptr(),
            callbacks.jacobian.len() as Index,
            callbacks.hessian.len() as Index,
            0,
            eval_f,
            eval_g,
            eval_grad_f,
            eval_jac_g,
            eval_h,
        )
    };
    if problem.is_null() {
        return Err("Ipopt refused the problem (CreateIpoptProblem)".into());
    }
    let result = configure_and_solve(problem, &callbacks, x0, m, settings);
    // SAFETY: created above, freed once.
    unsafe { FreeIpoptProblem(problem) };
    result
}

fn configure_and_solve(
    problem: *mut ProblemInfo,
    callbacks: &Callbacks,
    x0: &[f64],
    m: usize,
    settings: &IpoptSettings,
) -> Result<NlpSolution, String> {
    let key = |k: &str| CString::new(k).map_err(|e| e.to_string());
    let int_options = [("print_level", 0), ("max_iter", settings.max_iterations)];
    for (k, v) in int_options {
        // SAFETY: problem is live; the strings outlive the call.
        if unsafe { AddIpoptIntOption(problem, key(k)?.as_ptr(), v) } == 0 {
            return Err(format!("Ipopt refused option {k}"));
        }
    }
    let num_options = [
        ("tol", settings.tolerance),
        ("max_cpu_time", settings.max_cpu_time_s),
    ];
    for (k, v) in num_options {
        // SAFETY: as above.
        if unsafe { AddIpoptNumOption(problem, key(k)?.as_ptr(), v) } == 0 {
            return Err(format!("Ipopt refused option {k}"));
        }
    }
    let str_options = [("sb", "yes"), ("mu_strategy", "adaptive")];
    for (k, v) in str_options {
        let val = CString::new(v).map_err(|e| e.to_string())?;
        // SAFETY: as above.
        if unsafe { AddIpoptStrOption(problem, key(k)?.as_ptr(), val.as_ptr()) } == 0 {
            return Err(format!("Ipopt refused option {k}"));
        }
    }
    let mut x = x0.to_vec();
    let mut g = vec![0.0; m];
    let mut objective = f64::NAN;
    // SAFETY: x and g have the problem's lengths; the callbacks reference lives across the call.
    let status = unsafe {
        IpoptSolve(
            problem,
            x.as_mut_ptr(),
            g.as_mut_ptr(),
            &mut objective,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            callbacks as *const Callbacks as UserData,
        )
    };
    Ok(NlpSolution {
        x,
        objective,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hock & Schittkowski problem 71 (the example of Ipopt's C interface): optimum 17.0140173 at
    /// (1, 4.7429994, 3.8211503, 1.3794082) (Hock & Schittkowski, Test Examples for Nonlinear Programming
    /// Codes, 1981).
    struct Hs071;

    impl Nlp for Hs071 {
        fn bounds(&self) -> (Vec<f64>, Vec<f64>) {
            (vec![1.0; 4], vec![5.0; 4])
        }
        fn constraint_bounds(&self) -> (Vec<f64>, Vec<f64>) {
            (vec![25.0, 40.0], vec![2e19, 40.0])
        }
        fn objective(&self, x: &[f64]) -> f64 {
            x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]
        }
        fn gradient(&self, x: &[f64], g: &mut [f64]) {
            g[0] = x[0] * x[3] + x[3] * (x[0] + x[1] + x[2]);
            g[1] = x[0] * x[3];
            g[2] = x[0] * x[3] + 1.0;
            g[3] = x[0] * (x[0] + x[1] + x[2]);
        }
        fn constraints(&self, x: &[f64], g: &mut [f64]) {
            g[0] = x[0] * x[1] * x[2] * x[3];
            g[1] = x.iter().map(|v| v * v).sum();
        }
        fn jacobian_structure(&self) -> Vec<(usize, usize)> {
            (0..2).flat_map(|i| (0..4).map(move |j| (i, j))).collect()
        }
        fn jacobian_values(&self, x: &[f64], v: &mut [f64]) {
            v[0] = x[1] * x[2] * x[3];
            v[1] = x[0] * x[2] * x[3];
            v[2] = x[0] * x[1] * x[3];
            v[3] = x[0] * x[1] * x[2];
            for j in 0..4 {
                v[4 + j] = 2.0 * x[j];
            }
        }
        fn hessian_structure(&self) -> Vec<(usize, usize)> {
            (0..4).flat_map(|i| (0..=i).map(move |j| (i, j))).collect()
        }
        fn hessian_values(&self, x: &[f64], s: f64, l: &[f64], v: &mut [f64]) {
            v[0] = s * 2.0 * x[3] + l[1] * 2.0;
            v[1] = s * x[3] + l[0] * x[2] * x[3];
            v[2] = l[1] * 2.0;
            v[3] = s * x[3] + l[0] * x[1] * x[3];
            v[4] = l[0] * x[0] * x[3];
            v[5] = l[1] * 2.0;
            v[6] = s * (2.0 * x[0] + x[1] + x[2]) + l[0] * x[1] * x[2];
            v[7] = s * x[0] + l[0] * x[0] * x[2];
            v[8] = s * x[0] + l[0] * x[0] * x[1];
            v[9] = l[1] * 2.0;
        }
    }

    #[test]
    fn solves_hock_schittkowski_71() {
        let s = solve(&Hs071, &[1.0, 5.0, 5.0, 1.0], &IpoptSettings::default()).unwrap();
        assert!(s.converged(), "status {}", s.status);
        assert!((s.objective - 17.0140173).abs() < 1e-6);
        let expected = [1.0, 4.7429994, 3.8211503, 1.3794082];
        for (a, b) in s.x.iter().zip(expected) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
    }
}
