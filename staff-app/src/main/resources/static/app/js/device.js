// This phone's device key: a P-256 key pair made here by WebCrypto with a non-extractable private key, kept in
// IndexedDB (the browser stores the key object; the private half never leaves it), registered with the platform as
// a compressed point. One per staff member on this phone.
import { api } from './api.js';
import { store } from './store.js';
import { toBase64url } from './base64url.js';

export async function compressedPublicKey(publicKey) {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)); // 0x04 ‖ x ‖ y
  const out = new Uint8Array(33);
  out[0] = (raw[64] & 1) ? 0x03 : 0x02;
  out.set(raw.slice(1, 33), 1);
  return out;
}

/** This phone's registered key for {@code member}, made and registered on first use. */
export async function deviceFor(member, name) {
  const known = await store.get('devices', member.staffMemberId);
  if (known) return known;
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const registered = await api.post('/api/v1/me/devices', {
    name, publicKey: toBase64url(await compressedPublicKey(keyPair.publicKey)),
  });
  const device = { staffMemberId: member.staffMemberId, deviceId: registered.id, keyPair, registeredAt: registered.registeredAt };
  await store.put('devices', device);
  return device;
}

/** The device key's ES256 signature (r ‖ s, 64 bytes, as COSE wants). */
export async function sign(device, bytes) {
  return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device.keyPair.privateKey, bytes));
}
