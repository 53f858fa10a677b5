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
//! Ballot layout: the ballot's bytes as its digest hashes them (docs/election-record.md,
//! "Ballot digest"), without the ids and counts: for each of n selections 16 items of 32
//! bytes — α_for, β_for, α_against, β_against, then (a_j, b_j, c_j, v_j) for j = 0, 1, 2 —
//! then (a_j, b_j, c_j, v_j) for the L branches of the limit proof (L = 0 for a motion).
//! Points are canonical ristretto255 encodings, scalars canonical little-endian. A
//! selection's proof is over (α_for + t·α_against, β_for + t·β_against) with values (0, 1, t),
//! t given per selection by the caller (it is a hash); the limit's over (Σ α_for, Σ β_for) with
//! values j.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, IsIdentity, VartimeMultiscalarMul};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

const SELECTION_ITEMS: usize = 16;
const SELECTION_BRANCHES: usize = 3;
const WEIGHT_BYTES: usize = 16;

/// The shape of one election's ballots.
#[derive(Clone, Copy)]
struct Layout {
    selections: usize,
    limit: usize,
}

impl Layout {
    fn ballot_bytes(&self) -> usize {
        32 * (SELECTION_ITEMS * self.selections + 4 * self.limit)
    }
    fn t_bytes(&self) -> usize {
        32 * self.selections
    }
    /// Two weights per branch.
    fn weight_bytes(&self) -> usize {
        WEIGHT_BYTES * 2 * (SELECTION_BRANCHES * self.selections + self.limit)
    }
    /// Points per ballot in the multi-scalar multiplication (ciphertexts and commitments).
    fn points(&self) -> usize {
        10 * self.selections + 2 * self.limit
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

/// Accumulates one ballot's terms of the batch equation: its points and their coefficients
/// into `points`/`scalars`, the coefficients of G and H into `g` and `h`, its ciphertexts
/// into `sums` (4 per selection). None if a point or scalar is not canonical.
struct Batch {
    g: Scalar,
    h: Scalar,
    scalars: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
    sums: Vec<RistrettoPoint>,
}

impl Batch {
    fn new(layout: Layout, count: usize) -> Batch {
        Batch {
            g: Scalar::ZERO,
            h: Scalar::ZERO,
            scalars: Vec::with_capacity(count * layout.points() + 2),
            points: Vec::with_capacity(count * layout.points() + 2),
            sums: vec![RistrettoPoint::identity(); 4 * layout.selections],
        }
    }

    fn add_ballot(&mut self, layout: Layout, raw: &[u8], ts: &[u8], weight_bytes: &[u8]) -> Option<()> {
        let item = |k: usize| &raw[32 * k..32 * (k + 1)];
        let mut weights = weight_bytes.chunks_exact(WEIGHT_BYTES).map(weight);
        let mut next_weight = || weights.next().expect("weights sized by layout");
        let limit_base = SELECTION_ITEMS * layout.selections;

        // Limit proof: α = Σ α_for, β = Σ β_for, value of branch j is j.
        let mut limit_alpha = Scalar::ZERO;
        let mut limit_beta = Scalar::ZERO;
        for j in 0..layout.limit {
            let k = limit_base + 4 * j;
            let c = decode_scalar(item(k + 2))?;
            let v = decode_scalar(item(k + 3))?;
            let (z, y) = (next_weight(), next_weight());
            self.g += z * v + y * c * Scalar::from(j as u64);
            self.h += y * v;
            limit_alpha -= z * c;
            limit_beta -= y * c;
            self.points.push(decode_point(item(k))?);
            self.scalars.push(-z);
            self.points.push(decode_point(item(k + 1))?);
            self.scalars.push(-y);
        }

        for s in 0..layout.selections {
            let k = SELECTION_ITEMS * s;
            let t = decode_scalar(&ts[32 * s..32 * (s + 1)])?;
            let mut alpha = Scalar::ZERO;
            let mut beta = Scalar::ZERO;
            for j in 0..SELECTION_BRANCHES {
                let b = k + 4 + 4 * j;
                let c = decode_scalar(item(b + 2))?;
                let v = decode_scalar(item(b + 3))?;
                let m = match j {
                    0 => Scalar::ZERO,
                    1 => Scalar::ONE,
                    _ => t,
                };
                let (z, y) = (next_weight(), next_weight());
                self.g += z * v + y * c * m;
                self.h += y * v;
                alpha -= z * c;
                beta -= y * c;
                self.points.push(decode_point(item(b))?);
                self.scalars.push(-z);
                self.points.push(decode_point(item(b + 1))?);
                self.scalars.push(-y);
            }
            let coefficients = [alpha + limit_alpha, beta + limit_beta, alpha * t, beta * t];
            for (n, coefficient) in coefficients.into_iter().enumerate() {
                let point = decode_point(item(k + n))?;
                self.sums[4 * s + n] += point;
                self.points.push(point);
                self.scalars.push(coefficient);
            }
        }
        Some(())
    }

    /// The column sums of the ciphertexts if every equation holds.
    fn finish(mut self, key: &RistrettoPoint) -> Option<Vec<RistrettoPoint>> {
        self.scalars.push(self.g);
        self.points.push(RISTRETTO_BASEPOINT_POINT);
        self.scalars.push(self.h);
        self.points.push(*key);
        RistrettoPoint::vartime_multiscalar_mul(self.scalars, self.points)
            .is_identity()
            .then_some(self.sums)
    }
}

fn check_sizes(layout: Layout, count: usize, ballots: &[u8], ts: &[u8], weights: &[u8]) -> PyResult<()> {
    if ballots.len() != count * layout.ballot_bytes()
        || ts.len() != count * layout.t_bytes()
        || weights.len() != count * layout.weight_bytes()
    {
        return Err(PyValueError::new_err("buffers do not match the ballot layout"));
    }
    Ok(())
}

fn batch_sums(
    layout: Layout,
    key: &RistrettoPoint,
    count: usize,
    ballots: &[u8],
    ts: &[u8],
    weights: &[u8],
) -> Option<Vec<RistrettoPoint>> {
    let mut batch = Batch::new(layout, count);
    let (nb, nt, nw) = (layout.ballot_bytes(), layout.t_bytes(), layout.weight_bytes());
    for n in 0..count {
        batch.add_ballot(
            layout,
            &ballots[n * nb..(n + 1) * nb],
            &ts[n * nt..(n + 1) * nt],
            &weights[n * nw..(n + 1) * nw],
        )?;
    }
    batch.finish(key)
}

fn public_key(data: &[u8]) -> PyResult<RistrettoPoint> {
    decode_point(data).ok_or_else(|| PyValueError::new_err("the public key is not a canonical point"))
}

/// The column sums of the ciphertexts of `count` ballots (4 points per selection: α_for,
/// β_for, α_against, β_against), or None unless every proof equation of every ballot holds,
/// checked as one weighted multi-scalar multiplication. `ts` holds each selection's t (32
/// bytes), `weights` 16 fresh random bytes per equation (two per branch).
#[pyfunction]
#[pyo3(signature = (public_key, selections, limit, count, ballots, ts, weights))]
#[allow(clippy::too_many_arguments)]
fn verify_batch<'py>(
    py: Python<'py>,
    public_key: &[u8],
    selections: usize,
    limit: usize,
    count: usize,
    ballots: &[u8],
    ts: &[u8],
    weights: &[u8],
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let layout = Layout { selections, limit };
    check_sizes(layout, count, ballots, ts, weights)?;
    let key = self::public_key(public_key)?;
    let sums = py.allow_threads(|| batch_sums(layout, &key, count, ballots, ts, weights));
    Ok(sums.map(|sums| {
        let mut out = Vec::with_capacity(32 * sums.len());
        for point in sums {
            out.extend_from_slice(point.compress().as_bytes());
        }
        PyBytes::new_bound(py, &out)
    }))
}

/// The ballots (indices into the batch) whose equations do not all hold, each checked alone.
#[pyfunction]
#[pyo3(signature = (public_key, selections, limit, count, ballots, ts, weights))]
#[allow(clippy::too_many_arguments)]
fn failing_ballots(
    py: Python<'_>,
    public_key: &[u8],
    selections: usize,
    limit: usize,
    count: usize,
    ballots: &[u8],
    ts: &[u8],
    weights: &[u8],
) -> PyResult<Vec<usize>> {
    let layout = Layout { selections, limit };
    check_sizes(layout, count, ballots, ts, weights)?;
    let key = self::public_key(public_key)?;
    let (nb, nt, nw) = (layout.ballot_bytes(), layout.t_bytes(), layout.weight_bytes());
    Ok(py.allow_threads(|| {
        (0..count)
            .filter(|&n| {
                batch_sums(
                    layout,
                    &key,
                    1,
                    &ballots[n * nb..(n + 1) * nb],
                    &ts[n * nt..(n + 1) * nt],
                    &weights[n * nw..(n + 1) * nw],
                )
                .is_none()
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
