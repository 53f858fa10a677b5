// The committed browser file is a fresh build of src/ and works on its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { build } from 'esbuild';

const BUNDLE = new URL('../../src/dahui/static/dahui/crypto/dahui-crypto.js', import.meta.url);
const vectors = JSON.parse(
  readFileSync(new URL('../../tests/crypto/vectors/python.json', import.meta.url), 'utf8'),
);

test('the committed bundle is what npm run build makes from src/', async () => {
  const result = await build({
    entryPoints: [new URL('../src/index.js', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    minify: true,
    legalComments: 'eof',
    write: false,
    outfile: BUNDLE.pathname,
  });
  assert.equal(result.outputFiles[0].text, readFileSync(BUNDLE, 'utf8'), 'run npm run build');
});

test('the bundle encrypts a ballot that it verifies', async () => {
  const crypto = await import(BUNDLE.href);
  const context = new crypto.ElectionContext(vectors.manifests.election, vectors.public_key);
  const { ballot, digest } = crypto.encryptBallot(context, { c2: 'for' });
  assert.deepEqual(crypto.ballotProblems(context, ballot), []);
  assert.match(digest, /^[0-9a-f]{64}$/);
});
