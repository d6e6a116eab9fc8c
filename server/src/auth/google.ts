/**
 * Google sign-in for customers (docs/decisions/0006-google-sign-in.md): the OAuth 2.0
 * authorization code flow with PKCE through arctic, as a full-page redirect.
 *
 *   GET /auth/google/status    → `{ enabled }` (the SPA shows the button only when true)
 *   GET /auth/google/start     → 302 to Google; sets the state and PKCE verifier cookies
 *                                (HttpOnly, SameSite=Lax, path /auth/google, 10 min) and, with a
 *                                same-origin `?next=/path`, a third cookie with that path
 *   GET /auth/google/callback  → checks `state` against its cookie in constant time, exchanges
 *                                the code with the verifier, reads the OpenID userinfo, signs in;
 *                                302 to `next` (or `/`), or to `/login?error=<code>`
 *
 * Who the Google account becomes:
 *   1. the user already linked to its `sub` (customers only; disabled accounts are refused);
 *   2. else, with a Google-verified e-mail, the ACTIVE customer with that e-mail: linked
 *      (`googleSub`, `emailVerifiedAt`; audited `auth.google_linked`);
 *   3. else, with a Google-verified e-mail nobody uses: a new ACTIVE customer without a mobile.
 * An e-mail Google has not verified never links and never creates an account; an e-mail of a
 * non-customer, or of a customer linked to another Google account, is a conflict.
 *
 * Without GOOGLE_CLIENT_ID/GOOGLE_CLIENT_SECRET the start and callback routes answer 404.
 */

import type { TSessionResult } from '@admit/shared';
import { Google, generateCodeVerifier, generateState, OAuth2RequestError } from 'arctic';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { appErrorOf } from '../errors.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { type RequestMeta, toSessionResult } from '../modules/auth/auth.service.ts';
import { consume } from './rate-limits.ts';
import { createSession, SESSION_COOKIE, type SessionUser, sessionUserSelect } from './sessions.ts';
import { constantTimeEqual, randomSecret } from './tokens.ts';

export const GOOGLE_USERINFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';
export const GOOGLE_SCOPES = ['openid', 'email', 'profile'];

/** The flow cookies live only as long as a sign-in takes and only reach /auth/google/*. */
export const GOOGLE_FLOW_COOKIES = {
  state: 'admit_google_state',
  verifier: 'admit_google_verifier',
  next: 'admit_google_next',
} as const;
const FLOW_COOKIE_PATH = '/auth/google';
const FLOW_MAX_AGE_SECONDS = 10 * 60;
const USERINFO_TIMEOUT_MS = 10_000;
/** arctic's token request takes no AbortSignal; the callback gives up on it after this long */
const TOKEN_TIMEOUT_MS = 10_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** `?error=` codes of `/login` (the webapp's LoginPage explains each). */
export type GoogleErrorCode =
  | 'google_cancelled'
  | 'google_state_mismatch'
  | 'google_failed'
  | 'google_email_unverified'
  | 'google_account_conflict'
  | 'google_account_pending'
  | 'account_disabled'
  | 'rate_limited';

export class GoogleSignInError extends Error {
  constructor(
    readonly code: GoogleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GoogleSignInError';
  }
}

export type GoogleConfig = NonNullable<Config['google']>;

export function googleClient(google: GoogleConfig): Google {
  return new Google(google.clientId, google.clientSecret, google.redirectUri);
}

/**
 * A path on this origin to go to after sign-in, or null. Refuses absolute and
 * protocol-relative URLs (`//evil.example`, `/\evil.example`), control characters and anything
 * that would resolve to another origin.
 */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 512) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  const base = 'http://admit.invalid';
  try {
    const url = new URL(raw, base);
    if (url.origin !== base) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/** The authorization URL plus the state and PKCE verifier the callback needs back. */
export function startGoogleSignIn(google: Google): { url: string; state: string; codeVerifier: string } {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = google.createAuthorizationURL(state, codeVerifier, GOOGLE_SCOPES);
  url.searchParams.set('prompt', 'select_account');
  return { url: url.toString(), state, codeVerifier };
}

const optionalText = z.string().trim().max(200).optional().catch(undefined);
const ZUserInfo = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().max(254).includes('@').optional(),
  // Google answers a boolean; older endpoints answered "true"/"false"
  email_verified: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .optional()
    .catch(false),
  given_name: optionalText,
  family_name: optionalText,
  name: optionalText,
  picture: z.string().url().optional().catch(undefined),
});

export interface GoogleProfile {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  givenName: string | null;
  familyName: string | null;
  name: string | null;
  picture: string | null;
}

/** The OpenID Connect userinfo of the access token's owner. Errors: GoogleSignInError google_failed. */
export async function fetchGoogleProfile(accessToken: string): Promise<GoogleProfile> {
  let res: Response;
  try {
    res = await fetch(GOOGLE_USERINFO_URL, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(USERINFO_TIMEOUT_MS),
    });
  } catch (err) {
    throw new GoogleSignInError('google_failed', `userinfo request failed: ${(err as Error).message}`);
  }
  if (!res.ok) {
    // read rather than cancel the (small) body: it frees the connection, and cancel() can hang
    await res.text().catch(() => '');
    throw new GoogleSignInError('google_failed', `userinfo answered ${res.status}`);
  }
  const parsed = ZUserInfo.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new GoogleSignInError('google_failed', 'userinfo answer is malformed');
  const u = parsed.data;
  return {
    sub: u.sub,
    email: u.email ?? null,
    emailVerified: u.email_verified === true,
    givenName: u.given_name || null,
    familyName: u.family_name || null,
    name: u.name || null,
    picture: u.picture ?? null,
  };
}

export interface GoogleSignInResult {
  session: TSessionResult;
  outcome: 'signed_in' | 'linked' | 'created';
}

const userSelect = { ...sessionUserSelect, googleSub: true, deletedAt: true, emailVerifiedAt: true } as const;

function sessionUserOf(u: SessionUser & Record<string, unknown>): SessionUser {
  const { googleSub: _g, deletedAt: _d, emailVerifiedAt: _e, ...rest } = u;
  return rest as SessionUser;
}

const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === 'P2002';

/**
 * Finds, links or creates the customer for a Google profile and starts a session (rules in the
 * file comment). Refusals are audited as `auth.login_failed` when they concern an account.
 * Errors: GoogleSignInError.
 */
export async function signInWithGoogle(
  deps: AppDeps,
  profile: GoogleProfile,
  meta: RequestMeta,
): Promise<GoogleSignInResult> {
  const { db, clock } = deps;
  const refuse = async (
    code: GoogleErrorCode,
    message: string,
    user?: { id: string; role: SessionUser['role'] },
  ): Promise<never> => {
    if (user) {
      await recordAudit(db, {
        action: 'auth.login_failed',
        target: { type: 'user', id: user.id },
        after: { via: 'google', reason: code },
        meta,
      });
    }
    throw new GoogleSignInError(code, message);
  };
  const begin = async (user: SessionUser, outcome: GoogleSignInResult['outcome']): Promise<GoogleSignInResult> => {
    const { token, session } = await createSession(db, clock, user.id, { ip: meta.ip, userAgent: meta.userAgent });
    await recordAudit(db, {
      action: 'auth.login',
      actor: user,
      target: { type: 'user', id: user.id },
      after: { via: 'google' },
      meta,
    });
    return { session: toSessionResult(token, session.expiresAt, user, session.eventId), outcome };
  };

  // 1. the account already linked to this Google identity
  const linked = await db.user.findUnique({ where: { googleSub: profile.sub }, select: userSelect });
  if (linked) {
    if (linked.role !== 'CUSTOMER') return refuse('google_account_conflict', 'Not a customer account.', linked);
    if (linked.status === 'DISABLED' || linked.deletedAt) {
      return refuse('account_disabled', 'This account is disabled.', linked);
    }
    if (linked.status !== 'ACTIVE') return refuse('google_account_pending', 'This account is not active.', linked);
    return begin(sessionUserOf(linked), 'signed_in');
  }

  // 2. an e-mail Google vouches for is required to link or to create
  const email = profile.email;
  const existing = email ? await db.user.findUnique({ where: { email }, select: userSelect }) : null;
  if (!email || !profile.emailVerified) {
    return refuse('google_email_unverified', 'Google has not verified this e-mail address.', existing ?? undefined);
  }
  const now = clock.now();

  if (existing) {
    if (existing.role !== 'CUSTOMER') {
      return refuse('google_account_conflict', 'The e-mail belongs to a non-customer account.', existing);
    }
    if (existing.status === 'DISABLED' || existing.deletedAt) {
      return refuse('account_disabled', 'This account is disabled.', existing);
    }
    if (existing.googleSub) {
      return refuse('google_account_conflict', 'The account is linked to another Google account.', existing);
    }
    if (existing.status !== 'ACTIVE') {
      return refuse('google_account_pending', 'The account with this e-mail is waiting for verification.', existing);
    }
    // Pre-account hijacking: anyone can register a customer with somebody else's e-mail. Only an
    // e-mail Admit itself has confirmed may pull a Google identity into an existing account.
    if (!existing.emailVerifiedAt) {
      return refuse('google_account_conflict', 'The account’s e-mail was never confirmed with Admit.', existing);
    }
    // only if nobody linked it in the meantime
    const { count } = await db.user.updateMany({
      where: { id: existing.id, googleSub: null, status: 'ACTIVE' },
      data: { googleSub: profile.sub },
    });
    if (count !== 1) return refuse('google_account_conflict', 'The account changed during sign-in.', existing);
    const user = sessionUserOf(existing);
    await recordAudit(db, {
      action: 'auth.google_linked',
      actor: user,
      target: { type: 'user', id: user.id },
      after: { email },
      meta,
    });
    return begin(user, 'linked');
  }

  // 3. a new customer. No mobile yet; the password is unusable (sign-in is through Google).
  // The Google picture is not stored: `photoUrl` is the holder photo ushers compare at the gate.
  const firstName = (profile.givenName ?? profile.name ?? email.split('@')[0] ?? '').slice(0, 100);
  const lastName = (profile.givenName ? (profile.familyName ?? '') : '').slice(0, 100);
  let created: SessionUser;
  try {
    created = await db.user.create({
      data: {
        role: 'CUSTOMER',
        status: 'ACTIVE',
        email,
        emailVerifiedAt: now,
        googleSub: profile.sub,
        firstName,
        lastName,
        passwordHash: `google:${randomSecret()}`,
      },
      select: sessionUserSelect,
    });
  } catch (err) {
    // the same e-mail or Google account was registered by a concurrent request
    if (isUniqueViolation(err)) return refuse('google_account_conflict', 'The account was created concurrently.');
    throw err;
  }
  await recordAudit(db, {
    action: 'auth.google_registered',
    actor: created,
    target: { type: 'user', id: created.id },
    after: { email },
    meta,
  });
  return begin(created, 'created');
}

/**
 * The callback's work: state check (constant time), code exchange with PKCE, userinfo, and
 * `signInWithGoogle`. Errors: GoogleSignInError, AppError RATE_LIMITED.
 */
export async function finishGoogleSignIn(
  deps: AppDeps,
  google: Google,
  input: { code: unknown; state: unknown; expectedState: unknown; codeVerifier: unknown; error?: unknown },
  meta: RequestMeta,
): Promise<GoogleSignInResult> {
  if (input.error !== undefined) throw new GoogleSignInError('google_cancelled', 'Google sign-in was cancelled.');
  const { code, state, expectedState, codeVerifier } = input;
  if (
    typeof state !== 'string' ||
    typeof expectedState !== 'string' ||
    typeof codeVerifier !== 'string' ||
    !codeVerifier ||
    !constantTimeEqual(new TextEncoder().encode(state), new TextEncoder().encode(expectedState))
  ) {
    throw new GoogleSignInError('google_state_mismatch', 'The sign-in state does not match.');
  }
  if (typeof code !== 'string' || !code || code.length > 2048) {
    throw new GoogleSignInError('google_failed', 'No authorization code.');
  }
  await consume(deps.limits.loginIp, meta.ip ?? 'unknown', 'sign-in attempts from this network');
  let accessToken: string;
  try {
    const tokens = await withTimeout(google.validateAuthorizationCode(code, codeVerifier), TOKEN_TIMEOUT_MS);
    accessToken = tokens.accessToken();
  } catch (err) {
    const detail = err instanceof OAuth2RequestError ? err.code : (err as Error).message;
    throw new GoogleSignInError('google_failed', `code exchange failed: ${detail}`);
  }
  const profile = await fetchGoogleProfile(accessToken);
  return signInWithGoogle(deps, profile, meta);
}

/** `/login?error=<code>`, keeping a validated `next` for the retry. */
export function loginErrorPath(code: GoogleErrorCode, next: string | null): string {
  const q = new URLSearchParams({ error: code });
  if (next && next !== '/') q.set('next', next);
  return `/login?${q.toString()}`;
}

/** The routes above. Registered always, so that a disabled flow is a 404 and not the SPA. */
export function registerGoogleAuth(app: FastifyInstance, deps: AppDeps): void {
  const { config } = deps;
  const google = config.google ? googleClient(config.google) : null;
  const secure = config.isProduction;
  const flowCookie = { path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure } as const;
  const notConfigured = (reply: FastifyReply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Google sign-in is not configured.' } });
  const metaOf = (req: FastifyRequest): RequestMeta => ({
    ip: req.ip,
    userAgent: req.headers['user-agent'],
    requestId: String(req.id),
  });

  app.get('/auth/google/status', async (_req, reply) => {
    reply.header('cache-control', 'no-cache');
    return { enabled: google !== null };
  });

  app.get('/auth/google/start', async (req, reply) => {
    if (!google) return notConfigured(reply);
    reply.header('cache-control', 'no-store');
    const next = safeNextPath((req.query as Record<string, unknown>).next);
    const { url, state, codeVerifier } = startGoogleSignIn(google);
    const opts = { ...flowCookie, maxAge: FLOW_MAX_AGE_SECONDS };
    reply.setCookie(GOOGLE_FLOW_COOKIES.state, state, opts);
    reply.setCookie(GOOGLE_FLOW_COOKIES.verifier, codeVerifier, opts);
    if (next) reply.setCookie(GOOGLE_FLOW_COOKIES.next, next, opts);
    else reply.clearCookie(GOOGLE_FLOW_COOKIES.next, flowCookie);
    return reply.redirect(url, 302);
  });

  app.get('/auth/google/callback', async (req, reply) => {
    if (!google) return notConfigured(reply);
    reply.header('cache-control', 'no-store');
    const query = req.query as Record<string, unknown>;
    const cookies = req.cookies ?? {};
    const next = safeNextPath(cookies[GOOGLE_FLOW_COOKIES.next]);
    // one try per flow: the state and verifier are gone whatever happens next
    for (const name of Object.values(GOOGLE_FLOW_COOKIES)) reply.clearCookie(name, flowCookie);
    const meta = metaOf(req);
    try {
      const { session } = await finishGoogleSignIn(
        deps,
        google,
        {
          code: query.code,
          state: query.state,
          error: query.error,
          expectedState: cookies[GOOGLE_FLOW_COOKIES.state],
          codeVerifier: cookies[GOOGLE_FLOW_COOKIES.verifier],
        },
        meta,
      );
      // the same cookie as trpc/context.ts sets at sign-in
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        expires: session.expiresAt,
      });
      return reply.redirect(next ?? '/', 302);
    } catch (err) {
      let code: GoogleErrorCode = 'google_failed';
      if (err instanceof GoogleSignInError) {
        code = err.code;
        if (code === 'google_failed')
          deps.log.warn({ requestId: meta.requestId, reason: err.message }, 'google sign-in failed');
      } else if (appErrorOf(err)?.code === 'RATE_LIMITED') {
        code = 'rate_limited';
      } else {
        deps.log.error({ err, requestId: meta.requestId }, 'google sign-in failed');
      }
      return reply.redirect(loginErrorPath(code, next), 302);
    }
  });
}
