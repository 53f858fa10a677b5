// Range proof (disjunctive Chaum–Pedersen): the ciphertext encrypts one of 0..bound. The
// same construction and byte layout as proofs.py, nonces drawn in the same order (w first,
// then c_j, v_j for every other branch in increasing j).
import { GENERATOR, ORDER, baseMul, mod, mul, mulPublic, pointBytes } from './group.js';
import { label, number } from './context.js';

const RANGE_TAG = 'range';

function rangeChallenge(context, ciphertext, bound, statement, commitments) {
  return context.challenge(
    RANGE_TAG,
    label(statement),
    number(bound),
    pointBytes(ciphertext[0]),
    pointBytes(ciphertext[1]),
    ...commitments.map(pointBytes),
  );
}

export function proveRange(context, ciphertext, { message, nonce, bound, statement, nonces }) {
  if (!(message >= 0 && message <= bound)) {
    throw new Error(`${statement}: ${message} is outside 0..${bound}`);
  }
  const [alpha, beta] = ciphertext;
  const h = context.publicKey;
  const w = nonces();
  const simulated = new Map();
  for (let j = 0; j <= bound; j++) if (j !== message) simulated.set(j, [nonces(), nonces()]);
  const commitments = [];
  let shifted = beta;
  for (let j = 0; j <= bound; j++) {
    if (j) shifted = shifted.subtract(GENERATOR);
    if (j === message) {
      commitments.push(baseMul(w), mul(w, h));
    } else {
      const [c, v] = simulated.get(j);
      commitments.push(baseMul(v).subtract(mul(c, alpha)), mul(v, h).subtract(mul(c, shifted)));
    }
  }
  const challenge = rangeChallenge(context, ciphertext, bound, statement, commitments);
  let others = 0n;
  for (const [c] of simulated.values()) others += c;
  const cReal = mod(challenge - others);
  const proof = [];
  for (let j = 0; j <= bound; j++) {
    proof.push(j === message ? [cReal, mod(w + cReal * nonce)] : simulated.get(j));
  }
  return proof;
}

export function verifyRange(context, ciphertext, proof, { bound, statement }) {
  if (proof.length !== bound + 1) return false;
  const [alpha, beta] = ciphertext;
  const h = context.publicKey;
  const commitments = [];
  let shifted = beta;
  let total = 0n;
  proof.forEach(([c, v], j) => {
    if (j) shifted = shifted.subtract(GENERATOR);
    commitments.push(
      mulPublic(v, GENERATOR).subtract(mulPublic(c, alpha)),
      mulPublic(v, h).subtract(mulPublic(c, shifted)),
    );
    total += c;
  });
  return total % ORDER === rangeChallenge(context, ciphertext, bound, statement, commitments);
}
