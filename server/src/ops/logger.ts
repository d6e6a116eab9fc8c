/**
 * The one pino configuration (issue 5 "Structured logs … no secrets, codes or tokens in logs").
 *
 * - `redact` censors credentials — authorization and cookie headers, passwords, one-time codes,
 *   tokens, secrets — at the top level and in headers; the `log` formatter (`redactDeep`) censors
 *   the same keys at any depth (pino paths cannot be recursive, and wildcard paths are slow).
 * - `err` keeps an error's `code` (ECONNREFUSED, SOLD_OUT) as `errorCode`, so the blanket `code`
 *   redaction (one-time codes) does not hide infrastructure error codes.
 * - `req` is Fastify's request shape with secret query parameters (`?code=`, `?token=`, the OAuth
 *   callback's `state`) censored in the URL.
 * - With a `systemLog` sink, warnings and above (and lines marked `notable: true`) are also
 *   stored in the `SystemLog` table for admins (ops/system-log.ts).
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export const CENSOR = '[redacted]';

/** Keys whose values never reach a log line. */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'code',
  'otp',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'accessToken',
  'refreshToken',
  'secret',
  'clientSecret',
  'signingSeed',
] as const;

/**
 * pino `redact` paths: every secret key at the top level and the header locations. No wildcard
 * paths: each one costs fast-redact a pass over the line (17 keys × 4 depths made a log line 40×
 * slower); secrets nested deeper are censored by `redactDeep` (the `log` formatter) instead.
 */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'res.headers["set-cookie"]',
];

const SECRET_SET = new Set<string>([...SECRET_KEYS.map((k) => k.toLowerCase()), 'set-cookie']);
const MAX_DEPTH = 8;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every secret key (case-insensitive) censored at any depth of plain objects and
 * arrays. Copy-on-write: the caller's object is never changed, and a line without secrets costs
 * one walk and no allocation. Class instances (Fastify requests, errors) are left to their
 * serializers.
 */
export function redactDeep<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const r = redactDeep(item, depth + 1);
      if (r !== item) {
        copy ??= value.slice();
        copy[i] = r;
      }
    });
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const r = SECRET_SET.has(key.toLowerCase())
      ? v === undefined || v === null
        ? v
        : CENSOR
      : redactDeep(v, depth + 1);
    if (r !== v) {
      copy ??= { ...value };
      copy[key] = r;
    }
  }
  return (copy ?? value) as T;
}

const SECRET_QUERY = /^(code|state|token|access_token|refresh_token|id_token|secret|password|key|signature)$/i;

/** A URL with the values of secret query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_QUERY.test(decoded) ? `${name}=${encodeURIComponent(CENSOR)}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

const serializers = {
  req(req: RequestLike) {
    return {
      method: req.method,
      url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  err(err: unknown) {
    const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
    if (out && typeof out === 'object' && 'code' in out) {
      const { code, ...rest } = out;
      return { ...rest, errorCode: code };
    }
    return out;
  },
};

export interface LoggerSetup {
  level: string;
  /** where lines go (default stdout) */
  destination?: DestinationStream;
  /** also store warnings+ and notable events (ops/system-log.ts) */
  systemLog?: DestinationStream;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: (object) => redactDeep(object) },
    serializers,
  };
}

/** The application logger. */
export function createLogger(setup: LoggerSetup): Logger {
  const out = setup.destination ?? pino.destination(1);
  if (!setup.systemLog) return pino(loggerOptions(setup.level), out);
  // notable events are logged at info: the logger must produce info lines for the sink even when
  // the console shows only warnings
  const levels = pino.levels.values;
  const consoleLevel = levels[setup.level] ?? Number.POSITIVE_INFINITY;
  const loggerLevel = consoleLevel < levels.info! ? setup.level : 'info';
  const streams: pino.StreamEntry[] = [{ level: 'info', stream: setup.systemLog }];
  if (setup.level !== 'silent') streams.push({ level: setup.level as pino.Level, stream: out });
  return pino(loggerOptions(loggerLevel), pino.multistream(streams));
}
