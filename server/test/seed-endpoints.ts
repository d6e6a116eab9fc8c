/**
 * Seed 003's endpoint lists, for tests that prove every seed path is served (issues 6 and 7):
 * the `METHOD /api/...` lines of a range of plans, read from the seed file when this machine has
 * it, and the set of `METHOD path` pairs in the served /api/openapi.json, both normalised so
 * `/api/usher/scan/card/:card_id/` and `/usher/scan/card/{cardId}` compare equal.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `/api/usher/scan/card/:card_id/` and `/usher/scan/card/{cardId}` → `/usher/scan/card/{}`. */
export const normalizePath = (path: string) =>
  path
    .replace(/^\/api/, '')
    .replace(/:[a-z_]+|\{[^}]+\}/gi, '{}')
    .replace(/\/$/, '');

/**
 * The seed's `METHOD /api/...` lines between the headings `## Plan <from>` and `## Plan <to>`
 * (exclusive; `null` = to the end), restricted to paths starting with `prefix`; null when the seed
 * file is not on this machine (`/work/shared/seeds/003_*.txt`).
 */
export function seedEndpoints(from: number, to: number | null, prefix = '/api/'): string[] | null {
  const dir = '/work/shared/seeds';
  let file: string | undefined;
  try {
    file = readdirSync(dir).find((f) => f.startsWith('003_'));
  } catch {
    return null;
  }
  if (!file) return null;
  const text = readFileSync(`${dir}/${file}`, 'utf8');
  const start = text.indexOf(`## Plan ${from}`);
  const end = to === null ? -1 : text.indexOf(`\n## Plan ${to}`);
  const plans = text.slice(start, end < 0 ? undefined : end);
  return [
    ...new Set(
      [...plans.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/[^`\s]*)`/g)]
        .filter((m) => m[2]!.startsWith(prefix))
        .map((m) => `${m[1]} ${m[2]}`),
    ),
  ];
}

/** `METHOD normalisedPath` of every operation in the served OpenAPI document. */
export async function servedEndpoints(baseUrl: string): Promise<Set<string>> {
  const doc = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${normalizePath(path)}`),
    ),
  );
}

/** The endpoints of `expected` the OpenAPI document does not serve. */
export function missingEndpoints(expected: readonly string[], served: Set<string>): string[] {
  return expected.filter((e) => {
    const [method, path] = e.split(' ') as [string, string];
    return !served.has(`${method} ${normalizePath(path)}`);
  });
}
