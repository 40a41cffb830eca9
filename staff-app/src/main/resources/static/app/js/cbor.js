// The small part of CBOR (RFC 8949) the lock protocol uses: unsigned and negative integers, byte and text strings,
// arrays, maps, tags and simple values. Encoding is deterministic (shortest lengths, map keys as given, which the
// callers give in ascending order), as the lock's decoder requires. Decoding never reads past the input.

export class CborError extends Error {}

function head(major, n) {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  throw new CborError('integer too large');
}

/** Encodes a map with small integer keys (ascending) to bytes, values numbers, Uint8Arrays or strings. */
export function encodeMap(entries) {
  const out = [...head(5, entries.length)];
  for (const [key, value] of entries) {
    out.push(...(key >= 0 ? head(0, key) : head(1, -1 - key)));
    if (value instanceof Uint8Array) {
      out.push(...head(2, value.length), ...value);
    } else if (typeof value === 'number') {
      out.push(...head(0, value));
    } else if (typeof value === 'string') {
      const text = new TextEncoder().encode(value);
      out.push(...head(3, text.length), ...text);
    } else {
      throw new CborError('unsupported value');
    }
  }
  return Uint8Array.from(out);
}

/** Decodes one CBOR item that spans all of {@code bytes}: maps become Map objects, byte strings Uint8Arrays. */
export function decode(bytes) {
  let at = 0;
  const need = (n) => {
    if (at + n > bytes.length) throw new CborError('truncated');
  };
  const length = (info) => {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (!size) throw new CborError('unsupported length');
    need(size);
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + bytes[at++];
    return n;
  };
  const item = (depth) => {
    if (depth > 16) throw new CborError('too deep');
    need(1);
    const initial = bytes[at++];
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      throw new CborError('unsupported simple value');
    }
    const n = length(info);
    switch (major) {
      case 0: return n;
      case 1: return -1 - n;
      case 2: need(n); at += n; return bytes.slice(at - n, at);
      case 3: need(n); at += n; return new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(at - n, at));
      case 4: { const a = []; for (let i = 0; i < n; i++) a.push(item(depth + 1)); return a; }
      case 5: { const m = new Map(); for (let i = 0; i < n; i++) { const k = item(depth + 1); m.set(k, item(depth + 1)); } return m; }
      case 6: return item(depth + 1); // a tag (COSE_Sign1 is 18): the tagged item
      default: throw new CborError('unsupported major type');
    }
  };
  const value = item(0);
  if (at !== bytes.length) throw new CborError('trailing bytes');
  return value;
}
