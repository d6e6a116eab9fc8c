/**
 * Signed ticket secrets (DESIGN.md "Offline check-in"; the idea of pretix's `pretix_sig1`):
 * the QR code carries the ticket's random secret plus an Ed25519 signature made with the
 * event's own key, so a device holding the event's public key can tell a genuine ticket from a
 * forged one without a network. Format (ASCII, fits a version-8 QR code at level M):
 *
 *   A1.<event id: 16 bytes base64url>.<secret>.<signature: 64 bytes base64url>
 *
 * The signed message is everything before the last dot. Revocation (transfer, refund, void) is
 * by re-issuing the secret; devices learn revoked secrets from the revocation list.
 */

import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomSecret } from '../../auth/tokens.ts';

const VERSION = 'A1';

export function newEventKeyPair(): { seed: Uint8Array<ArrayBuffer>; publicKey: Uint8Array<ArrayBuffer> } {
  const seed = new Uint8Array(randomBytes(32));
  return { seed, publicKey: new Uint8Array(ed25519.getPublicKey(seed)) };
}

export function newTicketSecret(): string {
  return randomSecret(15);
}

function uuidToB64(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

function b64ToUuid(b64: string): string | null {
  const hex = Buffer.from(b64, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The QR text for a ticket. `seed` is the event's 32-byte Ed25519 private seed. */
export function signTicketSecret(seed: Uint8Array, eventId: string, secret: string): string {
  const message = `${VERSION}.${uuidToB64(eventId)}.${secret}`;
  const signature = ed25519.sign(new TextEncoder().encode(message), seed);
  return `${message}.${Buffer.from(signature).toString('base64url')}`;
}

export interface ParsedTicketQr {
  eventId: string;
  secret: string;
  /** true when the signature verifies under the given public key */
  verify(publicKey: Uint8Array): boolean;
}

/** Parses QR text; null when it is not an Admit ticket code at all. Never throws. */
export function parseTicketQr(text: string): ParsedTicketQr | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, eventB64, secret, sigB64] = parts as [string, string, string, string];
  if (
    !/^[A-Za-z0-9_-]{22}$/.test(eventB64) ||
    !/^[a-z2-7]{16,64}$/.test(secret) ||
    !/^[A-Za-z0-9_-]{86}$/.test(sigB64)
  ) {
    return null;
  }
  const eventId = b64ToUuid(eventB64);
  if (!eventId) return null;
  const message = new TextEncoder().encode(`${VERSION}.${eventB64}.${secret}`);
  const signature = new Uint8Array(Buffer.from(sigB64, 'base64url'));
  return {
    eventId,
    secret,
    verify(publicKey) {
      try {
        return ed25519.verify(signature, message, publicKey);
      } catch {
        return false;
      }
    },
  };
}
