// The lock's wire protocol from the phone's side (lock-protocol's Frame, Messages, ReceiptClaims, Credentials and
// LockGattProfile, in JavaScript): frames of a 6-byte header and a CBOR map, the messages a phone sends and reads,
// the device key's proof of possession, and the lock's signed receipt read back (its signature is checked by the
// platform when the receipt is uploaded; the phone only reads what happened).
import { encodeMap, decode } from './cbor.js';

export const GATT = {
  service: '6e796b65-6c66-7269-0001-000000000000',
  request: '6e796b65-6c66-7269-0001-000000000001',
  answer: '6e796b65-6c66-7269-0001-000000000002',
  // Web Bluetooth hides the ATT MTU; Chrome on Android negotiates the largest (517) and does long writes beyond it.
  // The app writes pieces of at most 509 bytes (the profile's largest MTU, 512, less 3).
  writePiece: 509,
};

export const TYPE = {
  HELLO: 0x01, CHALLENGE: 0x02, RESULT: 0x04, RELOCK: 0x05, STATUS_REQUEST: 0x08, STATUS: 0x09,
  TRUST_ANCHOR_UPDATE: 0x0a, REVOCATION_UPDATE: 0x0b, OFFLINE_UNLOCK: 0x0d, ERROR: 0x7f,
};

export const OUTCOME = { 1: 'OPENED', 2: 'DENIED', 3: 'RELOCKED', 4: 'FAILED', 5: 'UPDATED', 6: 'UPDATE_REFUSED' };

/** Why a lock refused (credential rejections 1-99, the lock's own reasons 100+), as the receipt codes them. */
export const REASON = {
  1: 'MALFORMED', 2: 'UNSUPPORTED_ALGORITHM', 3: 'UNKNOWN_ISSUER_KEY', 4: 'BAD_SIGNATURE', 5: 'WRONG_LOCK',
  6: 'NOT_YET_VALID', 7: 'EXPIRED', 8: 'LIFETIME_TOO_LONG', 9: 'NONCE_MISMATCH', 10: 'REPLAYED', 11: 'REVOKED',
  12: 'DEVICE_BLOCKED', 13: 'PROOF_REQUIRED', 14: 'BAD_PROOF', 15: 'NOT_DEVICE_BOUND', 16: 'SUPERSEDED',
  100: 'BOLT_JAMMED', 101: 'BATTERY_EMPTY',
};

export class ProtocolError extends Error {}

/** A frame: version 1, type, correlation (2 bytes), length (2 bytes), payload. */
export function frame(type, correlation, payload) {
  const out = new Uint8Array(6 + payload.length);
  out.set([1, type, correlation >> 8, correlation & 0xff, payload.length >> 8, payload.length & 0xff]);
  out.set(payload, 6);
  return out;
}

/** The whole frame at the start of {@code bytes}, or null while more is needed. */
export function readFrame(bytes) {
  if (bytes.length < 6) return null;
  const length = (bytes[4] << 8) | bytes[5];
  if (bytes.length < 6 + length) return null;
  if (bytes[0] !== 1) throw new ProtocolError('unknown frame version');
  return { type: bytes[1], correlation: (bytes[2] << 8) | bytes[3], payload: decode(bytes.slice(6, 6 + length)) };
}

export const messages = {
  statusRequest: () => [TYPE.STATUS_REQUEST, encodeMap([])],
  hello: () => [TYPE.HELLO, encodeMap([])],
  offlineUnlock: (credential, nonce, proof) => [TYPE.OFFLINE_UNLOCK, encodeMap([[1, credential], [2, nonce], [3, proof]])],
  relock: (credential) => [TYPE.RELOCK, encodeMap(credential ? [[1, credential]] : [])],
  revocations: (update) => [TYPE.REVOCATION_UPDATE, encodeMap([[1, update]])],
  trustAnchors: (update) => [TYPE.TRUST_ANCHOR_UPDATE, encodeMap([[1, update]])],
};

/** A lock id (16 bytes) as the platform writes it. */
export function uuidOf(bytes) {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidBytes(uuid) {
  const hex = uuid.replaceAll('-', '');
  return Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16)));
}

/** What a lock's signed receipt says (COSE_Sign1; the payload's claims), unverified. */
export function receiptClaims(receipt) {
  const sign1 = decode(receipt);
  if (!Array.isArray(sign1) || sign1.length !== 4) throw new ProtocolError('not a receipt');
  const claims = decode(sign1[2]);
  return {
    lockId: uuidOf(claims.get(1)), counter: claims.get(2), outcome: OUTCOME[claims.get(5)] ?? 'UNKNOWN',
    reason: REASON[claims.get(6)] ?? (claims.get(6) === 0 ? null : `CODE_${claims.get(6)}`), battery: claims.get(8),
  };
}

/** "nyckelfri/pop/1" ‖ lock id ‖ the lock's challenge ‖ SHA-256(credential): what the device key signs at the door. */
export async function proofInput(lockId, nonce, credential) {
  const context = new TextEncoder().encode('nyckelfri/pop/1');
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', credential));
  const out = new Uint8Array(context.length + 16 + nonce.length + 32);
  out.set(context, 0);
  out.set(uuidBytes(lockId), context.length);
  out.set(nonce, context.length + 16);
  out.set(hash, context.length + 16 + nonce.length);
  return out;
}
