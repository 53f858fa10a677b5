// What every Fiat–Shamir challenge of one election is bound to (see context.py): SHA-512 over
// length-prefixed items "dahui/v1", the domain tag, the election digest, the public key, the
// statement and the commitments, reduced modulo the group order.
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical.js';
import { decodePoint, leToBigInt, mod, pointBytes } from './group.js';

const PROTOCOL = utf8ToBytes('dahui/v1');

function lengthPrefixed(data) {
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, data.length);
  return concatBytes(prefix, data);
}

export function transcriptHash(tag, ...items) {
  const parts = [PROTOCOL, utf8ToBytes(tag), ...items].map(lengthPrefixed);
  return mod(leToBigInt(sha512(concatBytes(...parts))));
}

export const label = (text) => utf8ToBytes(text);

export function number(value) {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export const manifestDigest = (manifest) =>
  sha256(concatBytes(utf8ToBytes('dahui/manifest'), canonicalJson(manifest)));

export class ElectionContext {
  constructor(manifest, publicKeyHex) {
    this.manifest = manifest;
    // The public key is multiplied hundreds of times per ballot: cache its wNAF tables.
    this.publicKey = decodePoint(publicKeyHex, 'public key').precompute(8);
    this.publicKeyBytes = pointBytes(this.publicKey);
    this.digest = manifestDigest(manifest);
  }

  challenge(tag, ...items) {
    return transcriptHash(tag, this.digest, this.publicKeyBytes, ...items);
  }
}
