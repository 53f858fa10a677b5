// The ristretto255 group through @noble/curves. Points are noble Point objects inside the
// module and 32-byte hex strings outside; scalars are BigInts reduced modulo the group order.
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const Point = ristretto255.Point;
export const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
export const IDENTITY = Point.ZERO;
export const GENERATOR = Point.BASE;

export class GroupError extends Error {}

export const mod = (x) => ((x % ORDER) + ORDER) % ORDER;

// noble refuses a zero scalar, as libsodium does; exponential ElGamal meets it (g^0), and
// in a prime-order group 0·P is the identity.
export function mul(scalar, point) {
  const n = mod(scalar);
  return n === 0n || point.equals(IDENTITY) ? IDENTITY : point.multiply(n);
}

export const baseMul = (scalar) => mul(scalar, GENERATOR);

// Variable-time multiplication, only for public values (checking a proof).
export function mulPublic(scalar, point) {
  const n = mod(scalar);
  return n === 0n ? IDENTITY : point.multiplyUnsafe(n);
}

export function decodePoint(text, where) {
  if (typeof text !== 'string' || !/^[0-9a-f]{64}$/.test(text)) {
    throw new GroupError(`${where}: not a 32-byte hex string`);
  }
  try {
    return Point.fromHex(text);
  } catch {
    throw new GroupError(`${where}: not a valid ristretto255 point`);
  }
}

export const pointBytes = (point) => point.toBytes();
export const encodePoint = (point) => bytesToHex(point.toBytes());

export function leToBigInt(bytes) {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

export function scalarBytes(scalar) {
  const out = new Uint8Array(32);
  let n = mod(scalar);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

export const encodeScalar = (scalar) => bytesToHex(scalarBytes(scalar));

export function decodeScalar(text, where) {
  if (typeof text !== 'string' || !/^[0-9a-f]{64}$/.test(text)) {
    throw new GroupError(`${where}: a scalar is 32 bytes of hex`);
  }
  const value = leToBigInt(hexToBytes(text));
  if (value >= ORDER) throw new GroupError(`${where}: scalar not reduced modulo the group order`);
  return value;
}

export const hashToScalar = (bytes) => mod(leToBigInt(sha512(bytes)));
