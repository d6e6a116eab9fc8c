/** Reading and normalising what an usher scans or types at the gate. */

/** NFC UIDs are 4, 7 or 10 bytes (ISO 14443); the server accepts upper-case hex without separators. */
const UID_HEX = /^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/;

/** "04:a3:f2:1b:6c:5e:80" → "04A3F21B6C5E80"; null when the text is not a card UID. */
export function asCardUid(text: string): string | null {
  const hex = text.trim().replace(/:/g, '').toUpperCase();
  return UID_HEX.test(hex) ? hex : null;
}

/** A Web NFC serial number ("04:a3:…", sometimes with dashes) as a card UID. */
export function serialToCardUid(serial: string): string | null {
  return asCardUid(serial.replace(/[\s-]/g, ':'));
}

/** The same UUID rule as the server (zod `z.uuid()`, RFC 9562 versions 1–8). */
const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text.trim());
}

/** Usher usernames: 3–40 letters, digits, dot, dash, underscore (shared ZUsherLoginInput). */
export function isUsername(text: string): boolean {
  return /^[a-zA-Z0-9._-]{3,40}$/.test(text.trim());
}

/** A long QR text shortened for display: "A1.q3Xw…9fZk". */
export function shortCode(code: string, keep = 10): string {
  return code.length <= keep * 2 + 1 ? code : `${code.slice(0, keep)}…${code.slice(-keep)}`;
}

/**
 * Drops repeated reads of the same code (camera frames, a card held to the reader): a read is
 * accepted only when the same code was not seen in the last `windowMs`. Every read, accepted
 * or not, refreshes the code's timestamp, so a code held in view is read once.
 */
export class ReadDebouncer {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs = 1000) {}

  accept(code: string, now = Date.now()): boolean {
    const last = this.seen.get(code);
    this.seen.set(code, now);
    if (this.seen.size > 200) {
      for (const [k, t] of this.seen) if (now - t > this.windowMs) this.seen.delete(k);
    }
    return last === undefined || now - last >= this.windowMs;
  }

  /** Marks `code` as just seen (e.g. when its result closes while it is still in front of the camera). */
  touch(code: string, now = Date.now()): void {
    this.seen.set(code, now);
  }
}
