/**
 * Request context for tRPC and for the REST surface generated from it (trpc-to-openapi).
 * The session token comes from `Authorization: Bearer <token>` (REST, API clients) or the
 * HttpOnly `admit_session` cookie (SPAs); both go through the same `validateSessionToken`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type SessionInfo, type SessionUser, validateSessionToken } from '../auth/sessions.ts';
import { type AppDeps, type Deps, requestDeps } from '../deps.ts';
import { isDatabaseUnavailable, unavailableError } from '../ops/db-errors.ts';
import type { RealtimeMessage } from '../realtime/messages.ts';

export interface Actor {
  user: SessionUser;
  session: SessionInfo;
}

export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Context {
  deps: Deps;
  actor: Actor | null;
  /** how the caller authenticated; CSRF rules only concern cookies */
  authVia: 'cookie' | 'bearer' | null;
  meta: { requestId: string; ip?: string; userAgent?: string };
  cookies: SessionCookieJar;
  /** sets a response header (e.g. Retry-After); a no-op for in-process callers */
  setHeader(name: string, value: string): void;
  /** delivers realtime messages; called after a procedure succeeded */
  publish(messages: RealtimeMessage[]): void;
}

export interface TransportOptions {
  publish(messages: RealtimeMessage[]): void;
  secureCookies: boolean;
}

/** Reads the session token from a bearer header or the session cookie. */
export function tokenFromRequest(
  headers: Record<string, string | string[] | undefined>,
  cookies?: Record<string, string | undefined>,
) {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer '))
    return { token: auth.slice(7).trim(), via: 'bearer' as const };
  const cookie = cookies?.[SESSION_COOKIE];
  if (cookie) return { token: cookie, via: 'cookie' as const };
  return null;
}

export function createContextFactory(app: AppDeps, transport: TransportOptions) {
  return async ({ req, res }: { req: FastifyRequest; res: FastifyReply }): Promise<Context> => {
    const found = tokenFromRequest(req.headers, req.cookies);
    const requestId = String(req.id ?? randomUUID());
    let validated: Actor | null = null;
    try {
      validated = found ? await validateSessionToken(app.db, app.clock, found.token) : null;
    } catch (err) {
      // the database is unreachable: every call of this request answers 503 UNAVAILABLE
      if (!isDatabaseUnavailable(err)) throw err;
      const unavailable = unavailableError();
      res.header('retry-after', String(unavailable.hints.retryAfterSeconds));
      throw unavailable.toTRPCError();
    }
    return {
      deps: requestDeps(app, requestId),
      actor: validated,
      authVia: validated ? (found?.via ?? null) : null,
      meta: { requestId, ip: req.ip, userAgent: req.headers['user-agent'] },
      publish: transport.publish,
      setHeader: (name, value) => {
        res.header(name, value);
      },
      cookies: {
        set(token, expiresAt) {
          res.setCookie(SESSION_COOKIE, token, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure: transport.secureCookies,
            expires: expiresAt,
          });
        },
        clear() {
          res.clearCookie(SESSION_COOKIE, { path: '/' });
        },
      },
    };
  };
}

/** A context for `appRouter.createCaller` in tests and scripts. */
export function createInnerContext(
  app: AppDeps,
  actor: Actor | null,
  opts: { publish?: (m: RealtimeMessage[]) => void } = {},
): Context {
  const requestId = randomUUID();
  return {
    deps: requestDeps(app, requestId),
    actor,
    authVia: actor ? 'bearer' : null,
    meta: { requestId },
    publish: opts.publish ?? (() => {}),
    setHeader: () => {},
    cookies: { set() {}, clear() {} },
  };
}
