/**
 * Sessions per the Lucia guide (DESIGN.md "Sessions"): token = `<id>.<secret>`, each part 120
 * random bits; the database keeps only SHA-256(secret), compared in constant time. Sessions
 * slide: a session used with less than half its lifetime left is extended. A new token is made
 * at every sign-in. The same `validateSessionToken` serves the cookie, the REST bearer header and
 * the socket.io handshake.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { constantTimeEqual, randomSecret, sha256Bytes } from './tokens.ts';

export const SESSION_COOKIE = 'admit_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export const sessionUserSelect = {
  id: true,
  role: true,
  status: true,
  firstName: true,
  lastName: true,
  mobile: true,
  email: true,
  username: true,
  adminLevel: true,
  organizerId: true,
} as const;

export interface SessionUser {
  id: string;
  role: 'CUSTOMER' | 'ORGANIZER' | 'MERCHANT' | 'USHER' | 'PRACTITIONER' | 'ADMIN';
  status: 'PENDING_VERIFICATION' | 'ACTIVE' | 'DISABLED';
  firstName: string;
  lastName: string;
  mobile: string | null;
  email: string | null;
  username: string | null;
  adminLevel: 'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT' | null;
  organizerId: string | null;
}

export interface SessionInfo {
  id: string;
  userId: string;
  eventId: string | null;
  expiresAt: Date;
}

export interface CreatedSession {
  token: string;
  session: SessionInfo;
}

export async function createSession(
  db: Db,
  clock: Clock,
  userId: string,
  opts: { eventId?: string; ip?: string; userAgent?: string } = {},
): Promise<CreatedSession> {
  const id = randomSecret();
  const secret = randomSecret();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.session.create({
    data: {
      id,
      secretHash: sha256Bytes(secret),
      userId,
      eventId: opts.eventId ?? null,
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
      ip: opts.ip ?? null,
      userAgent: opts.userAgent?.slice(0, 256) ?? null,
    },
  });
  return { token: `${id}.${secret}`, session: { id, userId, eventId: opts.eventId ?? null, expiresAt } };
}

/**
 * Returns the session and its user, or null for a malformed, unknown, expired or tampered token
 * and for a disabled account. Extends the session when it is past half its lifetime.
 */
export async function validateSessionToken(
  db: Db,
  clock: Clock,
  token: string,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 100) return null;
  const [id, secret] = parts as [string, string];
  const row = await db.session.findUnique({
    where: { id },
    select: {
      id: true,
      userId: true,
      eventId: true,
      expiresAt: true,
      secretHash: true,
      user: { select: sessionUserSelect },
    },
  });
  if (!row) return null;
  if (!constantTimeEqual(sha256Bytes(secret), new Uint8Array(row.secretHash))) return null;
  const now = clock.now();
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (row.user.status === 'DISABLED') return null;
  let expiresAt = row.expiresAt;
  if (expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await db.session.update({ where: { id }, data: { expiresAt, lastUsedAt: now } });
  }
  return { session: { id: row.id, userId: row.userId, eventId: row.eventId, expiresAt }, user: row.user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Revokes every session of a user (password change, account disabled). */
export async function invalidateUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}
