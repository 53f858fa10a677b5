// Encrypted ballots of record format version 2, as ballot.py: per selection two encrypted
// bits (for, against) and one proof that for + t·against encrypts 0, 1 or t (t a hash of the
// pair), and for an election one limit proof (0..seats `for` marks). Proofs carry their
// commitments; the digest is SHA-256 over the ballot's bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { number } from './context.js';
import * as elgamal from './elgamal.js';
import {
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  mod,
  mul,
  mulPublic,
  pointBytes,
  scalarBytes,
} from './group.js';
import { systemNonces } from './nonces.js';
import {
  disjunctionHolds,
  limitChallenge,
  markChallenge,
  markWeight,
  proveDisjunction,
} from './proofs.js';

export const MOTION = 'motion';
const MARKS = ['for', 'against', 'abstain'];
const DIGEST_TAG = utf8ToBytes('dahui/ballot-v2');

export const selectionIds = (manifest) =>
  manifest.kind === 'motion' ? [MOTION] : manifest.candidates.map((c) => String(c.id));

export const limitBound = (manifest) => (manifest.kind === 'motion' ? null : manifest.seats);

// Branch index of the combined proof for (for, against) bits: abstain, for, against.
const markBranch = (f, a) => (f ? 1 : a ? 2 : 0);

const proofJson = (proof) =>
  proof.map(([a, b, c, v]) => [encodePoint(a), encodePoint(b), encodeScalar(c), encodeScalar(v)]);

function proofFromJson(data, where) {
  if (!Array.isArray(data) || data.length === 0) {
    throw new Error(`${where}: a proof is a list of [a, b, c, v] branches`);
  }
  return data.map((branch, n) => {
    if (!Array.isArray(branch) || branch.length !== 4) {
      throw new Error(`${where}[${n}]: a proof branch is [a, b, c, v]`);
    }
    const at = `${where}[${n}]`;
    return [
      decodePoint(branch[0], `${at}.a`),
      decodePoint(branch[1], `${at}.b`),
      decodeScalar(branch[2], `${at}.c`),
      decodeScalar(branch[3], `${at}.v`),
    ];
  });
}

/** The ballot's JSON form, exactly as the Python side writes it. */
export function ballotToJson(ballot) {
  return {
    selections: ballot.selections.map((s) => ({
      id: s.id,
      for: elgamal.toJson(s.for),
      against: elgamal.toJson(s.against),
      proof: proofJson(s.proof),
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
    if (!item || typeof item.id !== 'string') throw new Error(`${at}: a selection has an id`);
    return {
      id: item.id,
      for: elgamal.fromJson(item.for, `${at}.for`),
      against: elgamal.fromJson(item.against, `${at}.against`),
      proof: proofFromJson(item.proof, `${at}.proof`),
    };
  });
  const limitProof = data.limit == null ? null : proofFromJson(data.limit, `${where}.limit`);
  return { selections, limitProof };
}

const proofBytes = (proof) =>
  concatBytes(
    ...proof.flatMap(([a, b, c, v]) => [pointBytes(a), pointBytes(b), scalarBytes(c), scalarBytes(v)]),
  );

/** SHA-256 over the ballot's bytes (docs/election-record.md, "Ballot digest"). */
export function ballotDigest(ballotJson) {
  const ballot = ballotFromJson(ballotJson);
  const parts = [DIGEST_TAG, number(ballot.selections.length)];
  for (const s of ballot.selections) {
    const name = utf8ToBytes(s.id);
    parts.push(number(name.length), name);
    parts.push(...[...s.for, ...s.against].map(pointBytes), proofBytes(s.proof));
  }
  const limit = ballot.limitProof ?? [];
  parts.push(number(limit.length), proofBytes(limit));
  return sha256(concatBytes(...parts));
}

const scaled = (t, [alpha, beta], multiply) => [multiply(t, alpha), multiply(t, beta)];

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
  const selections = ids.map((id, n) => {
    const [f, a] = bits[n];
    const [rF, rA] = pairs[n];
    const [ctF, ctA] = cts[n];
    const t = markWeight(context, id, ctF, ctA);
    const proof = proveDisjunction(elgamal.add(ctF, scaled(t, ctA, mul)), {
      values: [0n, 1n, t],
      index: markBranch(f, a),
      nonce: mod(rF + t * rA),
      publicKey: h,
      nonces,
      challenge: (commitments) => markChallenge(context, id, ctF, ctA, commitments),
    });
    return { id, for: ctF, against: ctA, proof };
  });
  let limitProof = null;
  if (bound !== null) {
    const fors = cts.map(([ctF]) => ctF);
    limitProof = proveDisjunction(elgamal.addAll(fors), {
      values: Array.from({ length: bound + 1 }, (_, j) => BigInt(j)),
      index: forCount,
      nonce: mod(pairs.reduce((sum, [rF]) => sum + rF, 0n)),
      publicKey: h,
      nonces,
      challenge: (commitments) => limitChallenge(context, bound, fors, commitments),
    });
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
  const h = context.publicKey;
  const problems = [];
  for (const s of ballot.selections) {
    const t = markWeight(context, s.id, s.for, s.against);
    const holds = disjunctionHolds(elgamal.add(s.for, scaled(t, s.against, mulPublic)), s.proof, {
      values: [0n, 1n, t],
      publicKey: h,
      challenge: (commitments) => markChallenge(context, s.id, s.for, s.against, commitments),
    });
    if (!holds) problems.push({ selection: s.id, proof: 'mark' });
  }
  const bound = limitBound(context.manifest);
  if (bound === null) {
    if (ballot.limitProof !== null) problems.push({ selection: null, proof: 'limit' });
  } else {
    const fors = ballot.selections.map((s) => s.for);
    const holds =
      ballot.limitProof !== null &&
      disjunctionHolds(elgamal.addAll(fors), ballot.limitProof, {
        values: Array.from({ length: bound + 1 }, (_, j) => BigInt(j)),
        publicKey: h,
        challenge: (commitments) => limitChallenge(context, bound, fors, commitments),
      });
    if (!holds) problems.push({ selection: null, proof: 'limit' });
  }
  return problems;
}
