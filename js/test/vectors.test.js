// Cross-implementation vectors: ballots made by Python verify here and are re-created byte
// for byte from their seeds; this module's own vectors (js.json) are current.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  ElectionContext,
  ballotProblems,
  chainStart,
  encryptBallot,
  nextTracker,
  seededNonces,
} from '../src/index.js';

const VECTORS = new URL('../../tests/crypto/vectors/', import.meta.url);
const load = (source) => JSON.parse(readFileSync(new URL(`${source}.json`, VECTORS), 'utf8'));

for (const source of ['python', 'js']) {
  test(`${source} vector ballots verify, chain and re-encrypt byte for byte`, () => {
    const vectors = load(source);
    const previous = {};
    for (const item of vectors.cases) {
      const context = new ElectionContext(vectors.manifests[item.manifest], vectors.public_key);
      assert.equal(bytesToHex(context.digest), vectors.election_digests[item.manifest]);
      assert.deepEqual(ballotProblems(context, item.ballot), []);
      const again = encryptBallot(context, item.choices, {
        nonces: seededNonces(hexToBytes(item.seed)),
      });
      assert.deepEqual(again.ballot, item.ballot);
      assert.equal(again.digest, item.digest);
      const prev = previous[item.manifest] ?? chainStart(context.digest);
      assert.equal(nextTracker(context.digest, prev, again.digest), item.tracker);
      previous[item.manifest] = item.tracker;
    }
  });
}
