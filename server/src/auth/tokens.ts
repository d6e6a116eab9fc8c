/** Random identifiers and secrets (Lucia guide "Basic session API"; @oslojs). */

import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 120 bits of randomness as 24 lower-case base32 characters. */
export function randomSecret(bytes = 15): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

export function sha256Bytes(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(text)));
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** A uniformly random 6-digit code, leading zeros kept. */
export function randomOtpCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I
/** Human-readable reference such as `ADM-7K3Q9X` (32^n possibilities, ambiguous glyphs removed). */
export function randomReference(prefix: string, length = 8): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += REF_ALPHABET[b % 32];
  return `${prefix}-${out}`;
}
