// Exponential ElGamal: m ↦ (r·G, m·G + r·H).
import { GENERATOR, IDENTITY, baseMul, decodePoint, encodePoint, mul } from './group.js';

export const encrypt = (message, nonce, publicKey) => [
  baseMul(nonce),
  baseMul(BigInt(message)).add(mul(nonce, publicKey)),
];

export const add = (x, y) => [x[0].add(y[0]), x[1].add(y[1])];

export const addAll = (list) => list.reduce(add, [IDENTITY, IDENTITY]);

export const toJson = (ciphertext) => ciphertext.map(encodePoint);

export function fromJson(data, where) {
  if (!Array.isArray(data) || data.length !== 2) {
    throw new Error(`${where}: a ciphertext is a list of two points`);
  }
  return [decodePoint(data[0], `${where}.alpha`), decodePoint(data[1], `${where}.beta`)];
}

export { GENERATOR };
