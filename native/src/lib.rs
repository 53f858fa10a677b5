//! Batch verification of the ballot proofs of a dahui election record, format version 2.
//!
//! Everything here is public data (ballots, proofs, the election key), so variable-time
//! arithmetic is fine: this is only ever the verifier. The prover stays in libsodium (Python)
//! and noble (JavaScript), both constant time.
//!
//! A version-2 proof carries its commitments, so every branch j of a disjunctive Chaum–Pedersen
//! proof over a ciphertext (α, β) with claimed value m_j is two linear equations in points:
//!
//!   v_j·G − c_j·α − a_j = 0          v_j·H − c_j·(β − m_j·G) − b_j = 0
//!
//! (the challenges c_j are checked against the hash of the commitments by the caller). All the
//! equations of a batch of ballots are multiplied by independent random 128-bit weights and
//! added up into one multi-scalar multiplication, which is the identity when every equation
//! holds and, if any fails, is the identity with probability at most 2^-128 over the weights.
//!
//! Ballot layout (see docs/election-record.md, "Batch verification"), for n selections and a
//! limit proof of L branches (L = 0 for a motion):
//!
//! - points, per selection: α_for, β_for, α_against, β_against, then a_j, b_j for j = 0, 1, 2;
//!   then the limit's a_j, b_j for j = 0..L; all 32-byte canonical ristretto255 encodings;
//! - scalars, per selection: t (the weight of `against` in the combined statement), then c_j,
//!   v_j for j = 0, 1, 2; then the limit's c_j, v_j; all 32-byte canonical little-endian;
//! - the selection's proof is over (α_for + t·α_against, β_for + t·β_against) with values
//!   (0, 1, t); the limit's over (Σ α_for, Σ β_for) with values j.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, IsIdentity, VartimeMultiscalarMul};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

const SELECTION_POINTS: usize = 10;
const SELECTION_SCALARS: usize = 7;
const SELECTION_BRANCHES: usize = 3;
const WEIGHT_BYTES: usize = 16;

/// The shape of one election's ballots.
#[derive(Clone, Copy)]
struct Layout {
    selections: usize,
    limit: usize,
}

impl Layout {
    fn points(&self) -> usize {
        SELECTION_POINTS * self.selections + 2 * self.limit
    }
    fn scalars(&self) -> usize {
        SELECTION_SCALARS * self.selections + 2 * self.limit
    }
    /// Two weights per branch.
    fn weights(&self) -> usize {
        2 * (SELECTION_BRANCHES * self.selections + self.limit)
    }
}

fn decode_point(bytes: &[u8]) -> Option<RistrettoPoint> {
    // dalek refuses every non-canonical encoding, bit 255 set included.
    CompressedRistretto::from_slice(bytes).ok()?.decompress()
}

fn decode_scalar(bytes: &[u8]) -> Option<Scalar> {
    let array: [u8; 32] = bytes.try_into().ok()?;
    Option::from(Scalar::from_canonical_bytes(array))
}

fn weight(bytes: &[u8]) -> Scalar {
    let mut wide = [0u8; 32];
    wide[..WEIGHT_BYTES].copy_from_slice(bytes);
    Scalar::from_bytes_mod_order(wide)
}

/// One ballot's terms of the batch equation, added to `scalars`/`points`; the coefficients of
/// G and H go to `g` and `h`. None if a point or scalar is not canonical.
#[allow(clippy::too_many_arguments)]
fn ballot_terms(
    layout: Layout,
    point_bytes: &[u8],
    scalar_bytes: &[u8],
    weight_bytes: &[u8],
    g: &mut Scalar,
    h: &mut Scalar,
    scalars: &mut Vec<Scalar>,
    points: &mut Vec<RistrettoPoint>,
) -> Option<()> {
    let base = points.len();
    for chunk in point_bytes.chunks_exact(32) {
        points.push(decode_point(chunk)?);
    }
    let mut values = Vec::with_capacity(layout.scalars());
    for chunk in scalar_bytes.chunks_exact(32) {
        values.push(decode_scalar(chunk)?);
    }
    let mut coefficients = vec![Scalar::ZERO; layout.points()];
    let mut weights = weight_bytes.chunks_exact(WEIGHT_BYTES).map(weight);
    let mut next_weight = || weights.next().expect("weights sized by layout");

    // Limit proof: α = Σ α_for, β = Σ β_for, value of branch j is j.
    let limit_points = SELECTION_POINTS * layout.selections;
    let limit_scalars = SELECTION_SCALARS * layout.selections;
    let mut limit_alpha = Scalar::ZERO;
    let mut limit_beta = Scalar::ZERO;
    for j in 0..layout.limit {
        let c = values[limit_scalars + 2 * j];
        let v = values[limit_scalars + 2 * j + 1];
        let (z, y) = (next_weight(), next_weight());
        *g += z * v + y * c * Scalar::from(j as u64);
        *h += y * v;
        limit_alpha -= z * c;
        limit_beta -= y * c;
        coefficients[limit_points + 2 * j] -= z;
        coefficients[limit_points + 2 * j + 1] -= y;
    }

    for s in 0..layout.selections {
        let p = SELECTION_POINTS * s;
        let k = SELECTION_SCALARS * s;
        let t = values[k];
        let mut alpha = Scalar::ZERO;
        let mut beta = Scalar::ZERO;
        for j in 0..SELECTION_BRANCHES {
            let c = values[k + 1 + 2 * j];
            let v = values[k + 2 + 2 * j];
            let m = match j {
                0 => Scalar::ZERO,
                1 => Scalar::ONE,
                _ => t,
            };
            let (z, y) = (next_weight(), next_weight());
            *g += z * v + y * c * m;
            *h += y * v;
            alpha -= z * c;
            beta -= y * c;
            coefficients[p + 4 + 2 * j] -= z;
            coefficients[p + 5 + 2 * j] -= y;
        }
        coefficients[p] += alpha + limit_alpha;
        coefficients[p + 1] += beta + limit_beta;
        coefficients[p + 2] += alpha * t;
        coefficients[p + 3] += beta * t;
    }
    debug_assert_eq!(points.len() - base, coefficients.len());
    scalars.extend(coefficients);
    Some(())
}

fn check_sizes(
    layout: Layout,
    count: usize,
    points: &[u8],
    scalars: &[u8],
    weights: &[u8],
) -> PyResult<()> {
    if points.len() != count * layout.points() * 32
        || scalars.len() != count * layout.scalars() * 32
        || weights.len() != count * layout.weights() * WEIGHT_BYTES
    {
        return Err(PyValueError::new_err("buffers do not match the ballot layout"));
    }
    Ok(())
}

fn batch_holds(
    layout: Layout,
    key: &RistrettoPoint,
    count: usize,
    points: &[u8],
    scalars: &[u8],
    weights: &[u8],
) -> bool {
    let mut g = Scalar::ZERO;
    let mut h = Scalar::ZERO;
    let mut all_scalars = Vec::with_capacity(count * layout.points() + 2);
    let mut all_points = Vec::with_capacity(count * layout.points() + 2);
    let (np, ns, nw) = (layout.points() * 32, layout.scalars() * 32, layout.weights() * WEIGHT_BYTES);
    for n in 0..count {
        if ballot_terms(
            layout,
            &points[n * np..(n + 1) * np],
            &scalars[n * ns..(n + 1) * ns],
            &weights[n * nw..(n + 1) * nw],
            &mut g,
            &mut h,
            &mut all_scalars,
            &mut all_points,
        )
        .is_none()
        {
            return false;
        }
    }
    all_scalars.push(g);
    all_points.push(RISTRETTO_BASEPOINT_POINT);
    all_scalars.push(h);
    all_points.push(*key);
    RistrettoPoint::vartime_multiscalar_mul(all_scalars, all_points).is_identity()
}

/// Whether every proof equation of `count` ballots holds, checked as one weighted
/// multi-scalar multiplication. `weights` holds 16 fresh random bytes per equation.
#[pyfunction]
#[pyo3(signature = (public_key, selections, limit, count, points, scalars, weights))]
#[allow(clippy::too_many_arguments)]
fn verify_batch(
    py: Python<'_>,
    public_key: &[u8],
    selections: usize,
    limit: usize,
    count: usize,
    points: &[u8],
    scalars: &[u8],
    weights: &[u8],
) -> PyResult<bool> {
    let layout = Layout { selections, limit };
    check_sizes(layout, count, points, scalars, weights)?;
    let key = decode_point(public_key)
        .ok_or_else(|| PyValueError::new_err("the public key is not a canonical point"))?;
    Ok(py.allow_threads(|| batch_holds(layout, &key, count, points, scalars, weights)))
}

/// The ballots (indices into the batch) whose equations do not all hold, each checked alone.
#[pyfunction]
#[pyo3(signature = (public_key, selections, limit, count, points, scalars, weights))]
#[allow(clippy::too_many_arguments)]
fn failing_ballots(
    py: Python<'_>,
    public_key: &[u8],
    selections: usize,
    limit: usize,
    count: usize,
    points: &[u8],
    scalars: &[u8],
    weights: &[u8],
) -> PyResult<Vec<usize>> {
    let layout = Layout { selections, limit };
    check_sizes(layout, count, points, scalars, weights)?;
    let key = decode_point(public_key)
        .ok_or_else(|| PyValueError::new_err("the public key is not a canonical point"))?;
    let (np, ns, nw) = (layout.points() * 32, layout.scalars() * 32, layout.weights() * WEIGHT_BYTES);
    Ok(py.allow_threads(|| {
        (0..count)
            .filter(|&n| {
                !batch_holds(
                    layout,
                    &key,
                    1,
                    &points[n * np..(n + 1) * np],
                    &scalars[n * ns..(n + 1) * ns],
                    &weights[n * nw..(n + 1) * nw],
                )
            })
            .collect()
    }))
}

/// Column sums of a table of points: `points` holds rows of `width` points each; the result
/// is `width` points, the i-th the sum of every row's i-th point. None if a point is not
/// canonical. (The encrypted totals are the column sums of the ballots' ciphertexts.)
#[pyfunction]
fn column_sums<'py>(py: Python<'py>, width: usize, points: &[u8]) -> PyResult<Option<Bound<'py, PyBytes>>> {
    if width == 0 || points.len() % (32 * width) != 0 {
        return Err(PyValueError::new_err("the points do not make rows of that width"));
    }
    let sums = py.allow_threads(|| {
        let mut sums = vec![RistrettoPoint::identity(); width];
        for (n, chunk) in points.chunks_exact(32).enumerate() {
            sums[n % width] += decode_point(chunk)?;
        }
        Some(sums)
    });
    Ok(sums.map(|sums| {
        let mut out = Vec::with_capacity(32 * width);
        for point in sums {
            out.extend_from_slice(point.compress().as_bytes());
        }
        PyBytes::new_bound(py, &out)
    }))
}

/// Whether a 32-byte string is a canonical ristretto255 encoding.
#[pyfunction]
fn is_canonical_point(data: &[u8]) -> bool {
    data.len() == 32 && decode_point(data).is_some()
}

#[pymodule]
fn dahui_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(failing_ballots, m)?)?;
    m.add_function(wrap_pyfunction!(column_sums, m)?)?;
    m.add_function(wrap_pyfunction!(is_canonical_point, m)?)?;
    Ok(())
}
