// Disjunctive Chaum–Pedersen proofs of record format version 2, carrying their commitments:
// the same construction, transcripts and byte layout as proofs.py, nonces drawn in the same
// order (w first, then c_j, v_j for every other branch in increasing j). A branch is
// [a, b, c, v]: commitments a = w·G, b = w·H for the true branch, challenge c, response v.
import { concatBytes } from '@noble/hashes/utils.js';
import { label, number } from './context.js';
import { GENERATOR, ORDER, baseMul, mod, mul, mulPublic, pointBytes } from './group.js';

const MARK_TAG = 'mark';
const MARK_WEIGHT_TAG = 'mark-weight';
const LIMIT_TAG = 'limit';

const joined = (points) => concatBytes(...points.map(pointBytes));

/** t of the combined statement `for + t·against encrypts 0, 1 or t`. */
export const markWeight = (context, selection, forCt, againstCt) =>
  context.challenge(MARK_WEIGHT_TAG, label(selection), joined([...forCt, ...againstCt]));

export const markChallenge = (context, selection, forCt, againstCt, commitments) =>
  context.challenge(
    MARK_TAG,
    label(selection),
    joined([...forCt, ...againstCt]),
    joined(commitments),
  );

export const limitChallenge = (context, bound, fors, commitments) =>
  context.challenge(LIMIT_TAG, number(bound), joined(fors.flat()), joined(commitments));

/**
 * Proof that `ciphertext` encrypts values[index] (BigInts) with `nonce`, hiding which: nonces
 * drawn as w, then c_j, v_j for every other branch in increasing j, as proofs.py does.
 */
export function proveDisjunction(ciphertext, { values, index, nonce, publicKey, nonces, challenge }) {
  const [alpha, beta] = ciphertext;
  const w = nonces();
  const simulated = new Map();
  values.forEach((_, j) => {
    if (j !== index) simulated.set(j, [nonces(), nonces()]);
  });
  const commitments = [];
  values.forEach((m, j) => {
    if (j === index) {
      commitments.push(baseMul(w), mul(w, publicKey));
    } else {
      const [c, v] = simulated.get(j);
      const shifted = beta.subtract(baseMul(m));
      commitments.push(
        baseMul(v).subtract(mul(c, alpha)),
        mul(v, publicKey).subtract(mul(c, shifted)),
      );
    }
  });
  const e = challenge(commitments);
  let others = 0n;
  for (const [c] of simulated.values()) others += c;
  const cReal = mod(e - others);
  return values.map((_, j) => {
    const [c, v] = j === index ? [cReal, mod(w + cReal * nonce)] : simulated.get(j);
    return [commitments[2 * j], commitments[2 * j + 1], c, v];
  });
}

/** The check of a version-2 disjunctive proof (variable time: public data only). */
export function disjunctionHolds(ciphertext, proof, { values, publicKey, challenge }) {
  if (proof.length !== values.length) return false;
  const commitments = proof.flatMap(([a, b]) => [a, b]);
  let total = 0n;
  for (const [, , c] of proof) total += c;
  if (total % ORDER !== challenge(commitments)) return false;
  const [alpha, beta] = ciphertext;
  return proof.every(([a, b, c, v], j) => {
    const shifted = beta.subtract(mulPublic(values[j], GENERATOR));
    return (
      mulPublic(v, GENERATOR).subtract(mulPublic(c, alpha)).equals(a) &&
      mulPublic(v, publicKey).subtract(mulPublic(c, shifted)).equals(b)
    );
  });
}
