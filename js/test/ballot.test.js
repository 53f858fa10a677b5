// The browser module's own checks: honest ballots verify, forgeries and replays do not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ElectionContext, ballotProblems, encryptBallot } from '../src/index.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../tests/crypto/vectors/python.json', import.meta.url), 'utf8'),
);
const election = new ElectionContext(vectors.manifests.election, vectors.public_key);

test('an honest ballot has no problems', () => {
  const { ballot } = encryptBallot(election, { c1: 'for', c2: 'against' });
  assert.deepEqual(ballotProblems(election, ballot), []);
});

test('the device refuses an over-vote, an unknown mark and an unknown candidate', () => {
  assert.throws(() => encryptBallot(election, { c1: 'for', c2: 'for', c3: 'for' }), /3 candidates marked for/);
  assert.throws(() => encryptBallot(election, { c1: 'yes' }), /c1: mark must be/);
  assert.throws(() => encryptBallot(election, { c9: 'for' }), /not on this ballot: c9/);
});

test('a proof replayed into another election fails', () => {
  const { ballot } = encryptBallot(election, { c1: 'for' });
  const other = new ElectionContext({ ...vectors.manifests.election, issued: 8 }, vectors.public_key);
  assert.equal(ballotProblems(other, ballot).length, 4 + 1);
});

test('a proof replayed onto another candidate fails', () => {
  const { ballot } = encryptBallot(election, { c1: 'for' });
  const moved = structuredClone(ballot);
  moved.selections[1] = { ...ballot.selections[0], id: 'c2' };
  const problems = ballotProblems(election, moved);
  assert.deepEqual(problems[0], { selection: 'c2', proof: 'mark' });
});

test('a changed response breaks the proof', () => {
  const { ballot } = encryptBallot(election, {});
  const forged = structuredClone(ballot);
  const v = forged.selections[2].proof[1][3];
  forged.selections[2].proof[1][3] = (v[0] === '0' ? '1' : '0') + v.slice(1);
  assert.deepEqual(ballotProblems(election, forged), [{ selection: 'c3', proof: 'mark' }]);
});

test('a selection turned into a double mark (for and against) fails the mark proof', () => {
  const { ballot } = encryptBallot(election, {});
  const forged = structuredClone(ballot);
  forged.selections[0].for = encryptBallot(election, { c1: 'for' }).ballot.selections[0].for;
  forged.selections[0].against = encryptBallot(election, { c1: 'against' }).ballot.selections[0].against;
  const problems = ballotProblems(election, forged);
  assert.deepEqual(problems[0], { selection: 'c1', proof: 'mark' });
});

test('a point with bit 255 set (a non-canonical encoding) is refused', () => {
  const { ballot } = encryptBallot(election, {});
  const forged = structuredClone(ballot);
  const alpha = forged.selections[0].for[0];
  const top = (parseInt(alpha.slice(62), 16) | 0x80).toString(16).padStart(2, '0');
  forged.selections[0].for[0] = alpha.slice(0, 62) + top;
  assert.throws(() => ballotProblems(election, forged), /selections\[0\]\.for\.alpha/);
});

test('a mangled point is refused when the ballot is read', () => {
  const { ballot } = encryptBallot(election, {});
  const forged = structuredClone(ballot);
  forged.selections[0].for[1] = 'ff'.repeat(32);
  assert.throws(() => ballotProblems(election, forged), /selections\[0\]\.for\.beta/);
});

test('a motion ballot is one three-way choice without a limit proof', () => {
  const motion = new ElectionContext(vectors.manifests.motion, vectors.public_key);
  for (const vote of ['for', 'against', 'abstain']) {
    const { ballot } = encryptBallot(motion, { motion: vote });
    assert.equal(ballot.limit, null);
    assert.deepEqual(ballotProblems(motion, ballot), []);
  }
});
