// Encrypted ballots, as ballot.py: per selection two encrypted bits (for, against), 0/1
// proofs on each and on their sum, and for an election one limit proof (0..seats `for` marks).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical.js';
import * as elgamal from './elgamal.js';
import { decodeScalar, encodeScalar, mod } from './group.js';
import { systemNonces } from './nonces.js';
import { proveRange, verifyRange } from './proofs.js';

export const MOTION = 'motion';
const MARKS = ['for', 'against', 'abstain'];

export const selectionIds = (manifest) =>
  manifest.kind === 'motion' ? [MOTION] : manifest.candidates.map((c) => String(c.id));

export const limitBound = (manifest) => (manifest.kind === 'motion' ? null : manifest.seats);

const proofJson = (proof) => proof.map(([c, v]) => [encodeScalar(c), encodeScalar(v)]);

function proofFromJson(data, where) {
  if (!Array.isArray(data) || data.length === 0) {
    throw new Error(`${where}: a proof is a list of [c, v] pairs`);
  }
  return data.map((pair, n) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new Error(`${where}[${n}]: a proof branch is [c, v]`);
    }
    return [decodeScalar(pair[0], `${where}[${n}].c`), decodeScalar(pair[1], `${where}[${n}].v`)];
  });
}

/** The ballot's JSON form, exactly as the Python side writes it. */
export function ballotToJson(ballot) {
  return {
    selections: ballot.selections.map((s) => ({
      id: s.id,
      for: elgamal.toJson(s.for),
      against: elgamal.toJson(s.against),
      proofs: {
        for: proofJson(s.forProof),
        against: proofJson(s.againstProof),
        sum: proofJson(s.sumProof),
      },
    })),
    limit: ballot.limitProof === null ? null : proofJson(ballot.limitProof),
  };
}

/** Reads a ballot, decoding and checking every point and scalar. */
export function ballotFromJson(data, where = 'ballot') {
  if (!data || !Array.isArray(data.selections)) {
    throw new Error(`${where}: a ballot is an object with a list of selections`);
  }
  const selections = data.selections.map((item, n) => {
    const at = `${where}.selections[${n}]`;
    if (!item || typeof item.id !== 'string' || !item.proofs) {
      throw new Error(`${at}: a selection has an id and proofs`);
    }
    return {
      id: item.id,
      for: elgamal.fromJson(item.for, `${at}.for`),
      against: elgamal.fromJson(item.against, `${at}.against`),
      forProof: proofFromJson(item.proofs.for, `${at}.proofs.for`),
      againstProof: proofFromJson(item.proofs.against, `${at}.proofs.against`),
      sumProof: proofFromJson(item.proofs.sum, `${at}.proofs.sum`),
    };
  });
  const limitProof = data.limit == null ? null : proofFromJson(data.limit, `${where}.limit`);
  return { selections, limitProof };
}

/** SHA-256("dahui/ballot" ‖ canonical JSON): what the device shows and the tracker chains. */
export const ballotDigest = (ballotJson) =>
  sha256(concatBytes(utf8ToBytes('dahui/ballot'), canonicalJson(ballotJson)));

/**
 * Encrypts marks (candidate id → "for" | "against" | "abstain"; unmarked abstains) with every
 * proof. Returns the ballot's JSON, its digest (hex) and the secrets the device keeps for a
 * cast-or-audit challenge ({choices, nonces}).
 */
export function encryptBallot(context, choices, { nonces = systemNonces } = {}) {
  const ids = selectionIds(context.manifest);
  const unknown = Object.keys(choices).filter((id) => !ids.includes(id)).sort();
  if (unknown.length) throw new Error(`not on this ballot: ${unknown.join(', ')}`);
  const marks = {};
  for (const id of ids) {
    const mark = choices[id] ?? 'abstain';
    if (!MARKS.includes(mark)) throw new Error(`${id}: mark must be for, against or abstain`);
    marks[id] = mark;
  }
  const bound = limitBound(context.manifest);
  const forCount = ids.filter((id) => marks[id] === 'for').length;
  if (bound !== null && forCount > bound) {
    throw new Error(`${forCount} candidates marked for, more than the ${bound} seats`);
  }
  const h = context.publicKey;
  const pairs = ids.map(() => [nonces(), nonces()]);
  const bits = ids.map((id) => [Number(marks[id] === 'for'), Number(marks[id] === 'against')]);
  const cts = bits.map(([f, a], n) => [
    elgamal.encrypt(f, pairs[n][0], h),
    elgamal.encrypt(a, pairs[n][1], h),
  ]);
  const prove = (ct, message, nonce, bound, statement) =>
    proveRange(context, ct, { message, nonce, bound, statement, nonces });
  const selections = ids.map((id, n) => {
    const [f, a] = bits[n];
    const [rF, rA] = pairs[n];
    const [ctF, ctA] = cts[n];
    return {
      id,
      for: ctF,
      against: ctA,
      forProof: prove(ctF, f, rF, 1, `${id}/for`),
      againstProof: prove(ctA, a, rA, 1, `${id}/against`),
      sumProof: prove(elgamal.add(ctF, ctA), f + a, mod(rF + rA), 1, `${id}/sum`),
    };
  });
  let limitProof = null;
  if (bound !== null) {
    const total = elgamal.addAll(cts.map(([ctF]) => ctF));
    const nonce = mod(pairs.reduce((sum, [rF]) => sum + rF, 0n));
    limitProof = prove(total, forCount, nonce, bound, 'limit');
  }
  const json = ballotToJson({ selections, limitProof });
  return {
    ballot: json,
    digest: bytesToHex(ballotDigest(json)),
    secrets: {
      choices: marks,
      nonces: pairs.map((pair) => pair.map(encodeScalar)),
    },
  };
}

/** Every failed check of a ballot JSON as {selection, proof}; empty when it is valid. */
export function ballotProblems(context, ballotJson) {
  const ballot = ballotFromJson(ballotJson);
  const ids = selectionIds(context.manifest);
  if (ballot.selections.map((s) => s.id).join('\u0000') !== ids.join('\u0000')) {
    return [{ selection: null, proof: 'layout' }];
  }
  const problems = [];
  for (const s of ballot.selections) {
    const check = (ct, proof, what) => {
      if (!verifyRange(context, ct, proof, { bound: 1, statement: `${s.id}/${what}` })) {
        problems.push({ selection: s.id, proof: what });
      }
    };
    check(s.for, s.forProof, 'for');
    check(s.against, s.againstProof, 'against');
    check(elgamal.add(s.for, s.against), s.sumProof, 'sum');
  }
  const bound = limitBound(context.manifest);
  if (bound === null) {
    if (ballot.limitProof !== null) problems.push({ selection: null, proof: 'limit' });
  } else if (
    ballot.limitProof === null ||
    !verifyRange(context, elgamal.addAll(ballot.selections.map((s) => s.for)), ballot.limitProof, {
      bound,
      statement: 'limit',
    })
  ) {
    problems.push({ selection: null, proof: 'limit' });
  }
  return problems;
}
