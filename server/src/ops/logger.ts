/**
 * The one pino configuration (issue 5 "Structured logs … no secrets, codes or tokens in logs").
 *
 * - `redact` censors credentials wherever they appear up to four levels deep: authorization and
 *   cookie headers, passwords, one-time codes, tokens, secrets. Paths cannot be recursive in
 *   pino, so each key is listed at every depth the app logs at (`key`, `*.key`, `*.*.key`, …).
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

const DEPTHS = ['', '*.', '*.*.', '*.*.*.', '*.*.*.*.'];

/** `key`, `*.key`, `*.*.key`, … for every secret key, plus `set-cookie` headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => DEPTHS.map((prefix) => `${prefix}${key}`)),
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
];

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
