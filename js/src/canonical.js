// Canonical JSON: keys sorted, no white space, non-ASCII left as is. The same bytes as
// Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False).
import { utf8ToBytes } from '@noble/hashes/utils.js';

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sorted(value[key]);
    return out;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new TypeError('canonical JSON holds integers only');
  }
  return value;
}

export const canonicalJson = (value) => utf8ToBytes(JSON.stringify(sorted(value)));
