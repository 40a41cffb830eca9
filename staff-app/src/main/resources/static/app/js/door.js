// At the door over Bluetooth (Web Bluetooth, the lock's GATT profile): what lock-protocol's PhoneAtTheDoor does in
// Java. The phone asks the lock its status and hands over newer signed updates it carries (so a blocked phone is
// refused even at doors the gateway cannot reach), asks for a challenge, and answers with its offline credential and
// the device key's proof. Every receipt the lock signs is kept to upload on the next sync.
import { GATT, TYPE, ProtocolError, frame, readFrame, messages, uuidOf, receiptClaims, proofInput } from './protocol.js';

export const bluetoothAvailable = () => 'bluetooth' in navigator;

export class WrongDoor extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** One GATT connection to a lock: requests written in pieces, answers read until they make a frame. */
export class DoorLink {
  constructor(device, request, answer) {
    this.device = device;
    this.request = request;
    this.answer = answer;
    this.correlation = 0;
  }

  /** Asks the browser for a nearby lock (needs a tap) and connects to its service. */
  static async connect() {
    const device = await navigator.bluetooth.requestDevice({ filters: [{ services: [GATT.service] }] });
    const server = await device.gatt.connect();
    const service = await server.getPrimaryService(GATT.service);
    return new DoorLink(device, await service.getCharacteristic(GATT.request), await service.getCharacteristic(GATT.answer));
  }

  async exchange([type, payload]) {
    this.correlation = (this.correlation % 0xffff) + 1;
    const bytes = frame(type, this.correlation, payload);
    for (let at = 0; at < bytes.length; at += GATT.writePiece) {
      await this.request.writeValueWithResponse(bytes.slice(at, at + GATT.writePiece));
    }
    let received = new Uint8Array(0);
    for (let empty = 0; empty < 50;) {
      const value = await this.answer.readValue();
      const piece = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (piece.length === 0) {
        empty++;
        await sleep(20);
        continue;
      }
      received = concat(received, piece);
      const answer = readFrame(received);
      if (answer) {
        if (answer.correlation !== this.correlation) throw new ProtocolError('answer to another request');
        if (answer.type === TYPE.ERROR) throw new ProtocolError(`the lock refused the request (${answer.payload.get(1)})`);
        return answer;
      }
    }
    throw new ProtocolError('no answer from the lock');
  }

  async receipt(message) {
    const answer = await this.exchange(message);
    if (answer.type !== TYPE.RESULT) throw new ProtocolError('the lock gave no receipt');
    return answer.payload.get(1);
  }

  disconnect() {
    if (this.device.gatt.connected) this.device.gatt.disconnect();
  }
}

/**
 * Opens {@code lockId} with an offline credential. {@code keep(receipt)} is called for every receipt the lock signs
 * (updates and the opening), before anything else happens. Returns the opening's receipt claims, with the receipt.
 */
export async function openAtTheDoor(link, { lockId, credential, carried, sign, keep }) {
  const status = await link.exchange(messages.statusRequest());
  if (status.type !== TYPE.STATUS) throw new ProtocolError('the lock did not say its status');
  if (uuidOf(status.payload.get(1)) !== lockId) throw new WrongDoor(uuidOf(status.payload.get(1)));
  if (carried?.trustAnchors && carried.trustAnchors.version > status.payload.get(8)) {
    await keep(await link.receipt(messages.trustAnchors(carried.trustAnchors.update)));
  }
  if (carried?.revocations && carried.revocations.version > status.payload.get(7)) {
    await keep(await link.receipt(messages.revocations(carried.revocations.update)));
  }
  const challenge = await link.exchange(messages.hello());
  if (challenge.type !== TYPE.CHALLENGE) throw new ProtocolError('the lock gave no challenge');
  const nonce = challenge.payload.get(2);
  const proof = await sign(await proofInput(lockId, nonce, credential));
  const receipt = await link.receipt(messages.offlineUnlock(credential, nonce, proof));
  await keep(receipt);
  return { ...receiptClaims(receipt), receipt };
}

/** Locks the door again, naming the credential it was opened with. */
export async function relockAtTheDoor(link, { lockId, credential, keep }) {
  const status = await link.exchange(messages.statusRequest());
  if (status.type !== TYPE.STATUS || uuidOf(status.payload.get(1)) !== lockId) throw new WrongDoor('');
  const receipt = await link.receipt(messages.relock(credential));
  await keep(receipt);
  return { ...receiptClaims(receipt), receipt };
}
