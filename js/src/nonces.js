// Secret random scalars: from the platform's CSPRNG, or, for the test vectors shared with
// Python, derived from a seed in a fixed order (SHA-512("dahui/nonce" ‖ seed ‖ n) mod ℓ).
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ORDER, leToBigInt, mod } from './group.js';

export function systemNonces() {
  for (;;) {
    const value = mod(leToBigInt(crypto.getRandomValues(new Uint8Array(64))));
    if (value !== 0n && value < ORDER) return value;
  }
}

export function seededNonces(seed) {
  let counter = 0n;
  return () => {
    const n = new Uint8Array(8);
    new DataView(n.buffer).setBigUint64(0, counter);
    counter += 1n;
    return mod(leToBigInt(sha512(concatBytes(utf8ToBytes('dahui/nonce'), seed, n))));
  };
}
