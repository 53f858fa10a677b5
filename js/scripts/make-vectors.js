// Writes tests/crypto/vectors/js.json: ballots encrypted by this module from seeded nonces,
// in the same cases as tests/crypto/make_vectors.py, for the Python tests to verify and
// re-create byte for byte. Run: npm run vectors
import { readFileSync, writeFileSync } from 'node:fs';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ElectionContext, chainStart, encryptBallot, nextTracker, seededNonces } from '../src/index.js';

const VECTORS = new URL('../../tests/crypto/vectors/', import.meta.url);
const python = JSON.parse(readFileSync(new URL('python.json', VECTORS), 'utf8'));

const previous = {};
const cases = python.cases.map((item, n) => {
  const context = new ElectionContext(python.manifests[item.manifest], python.public_key);
  const seed = utf8ToBytes(`js-${n}`);
  const made = encryptBallot(context, item.choices, { nonces: seededNonces(seed) });
  const prev = previous[item.manifest] ?? chainStart(context.digest);
  const tracker = nextTracker(context.digest, prev, made.digest);
  previous[item.manifest] = tracker;
  return {
    manifest: item.manifest,
    seed: bytesToHex(seed),
    choices: item.choices,
    ballot: made.ballot,
    digest: made.digest,
    tracker,
    nonces: made.secrets.nonces,
  };
});

const out = { ...python, source: 'js', cases };
writeFileSync(new URL('js.json', VECTORS), JSON.stringify(out, null, 1) + '\n');
