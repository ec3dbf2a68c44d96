// Random credentials and exchange-like identifiers.
import { randomBytes, randomInt } from 'node:crypto';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

let sequence = 0;

/** A numeric order id like Bitget's (19 digits), unique within the process. */
export function newOrderId(): string {
  sequence = (sequence + 1) % 1000;
  return `1${String(Date.now()).slice(-12)}${String(randomInt(0, 1000)).padStart(3, '0')}${String(sequence).padStart(3, '0')}`;
}

export function newClientOid(): string {
  return `sim${randomHex(8)}`;
}

export function newUid(): string {
  return String(randomInt(1_000_000_000, 9_999_999_999));
}
