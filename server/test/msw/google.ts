/**
 * A fake Google for MSW (`setupServer(...google.handlers)`): the OAuth 2.0 token endpoint and the
 * OpenID Connect userinfo endpoint, strict the way Google is where it matters to us:
 *
 * - `authorize(authorizationUrl, user)` plays the consent screen: it checks the authorization
 *   URL (client, redirect URI, S256 challenge, scopes) and returns a one-time `code` plus the
 *   `state` to send back to the callback;
 * - the token endpoint wants `grant_type=authorization_code`, a known unused code, the client's
 *   Basic credentials, the same `redirect_uri`, and a `code_verifier` whose S256 is the challenge;
 *   anything else is `400 invalid_grant` / `401 invalid_client`;
 * - userinfo answers only for an access token it issued.
 *
 * Every token request's form body is kept in `tokenRequests` for assertions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { HttpResponse, http } from 'msw';

export const GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_USERINFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';

/** What Google's userinfo endpoint answers for the account. */
export interface GoogleAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  picture?: string;
}

export interface GoogleClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

const random = () => randomBytes(16).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const oauthError = (error: string, status = 400) => HttpResponse.json({ error }, { status });

export function fakeGoogle(client: GoogleClient) {
  const codes = new Map<string, { challenge: string; redirectUri: string; account: GoogleAccount }>();
  const accessTokens = new Map<string, GoogleAccount>();
  const tokenRequests: URLSearchParams[] = [];
  const expectedBasic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;

  const handlers = [
    http.post(GOOGLE_TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      tokenRequests.push(form);
      if (request.headers.get('authorization') !== expectedBasic) return oauthError('invalid_client', 401);
      if (form.get('grant_type') !== 'authorization_code') return oauthError('unsupported_grant_type');
      const code = form.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code); // single use, like Google
      if (!grant) return oauthError('invalid_grant');
      if (form.get('redirect_uri') !== grant.redirectUri) return oauthError('invalid_grant');
      const verifier = form.get('code_verifier');
      if (!verifier || s256(verifier) !== grant.challenge) return oauthError('invalid_grant');
      const accessToken = `ya29.${random()}`;
      accessTokens.set(accessToken, grant.account);
      const idPayload = Buffer.from(
        JSON.stringify({ iss: 'https://accounts.google.com', aud: client.clientId, sub: grant.account.sub }),
      ).toString('base64url');
      return HttpResponse.json({
        access_token: accessToken,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
        id_token: `eyJhbGciOiJub25lIn0.${idPayload}.`,
      });
    }),
    http.get(GOOGLE_USERINFO_URL, ({ request }) => {
      const auth = request.headers.get('authorization') ?? '';
      const account = auth.startsWith('Bearer ') ? accessTokens.get(auth.slice(7)) : undefined;
      if (!account) return oauthError('invalid_token', 401);
      return HttpResponse.json(account);
    }),
  ];

  return {
    handlers,
    tokenRequests,
    /** The user consents at `authorizationUrl` (the server's redirect); returns what Google sends back. */
    authorize(authorizationUrl: string, account: GoogleAccount): { code: string; state: string } {
      const url = new URL(authorizationUrl);
      const p = url.searchParams;
      const problems = [
        `${url.origin}${url.pathname}` === GOOGLE_AUTHORIZE_URL || 'authorization endpoint',
        p.get('response_type') === 'code' || 'response_type',
        p.get('client_id') === client.clientId || 'client_id',
        p.get('redirect_uri') === client.redirectUri || 'redirect_uri',
        p.get('code_challenge_method') === 'S256' || 'code_challenge_method',
        /^[A-Za-z0-9_-]{43}$/.test(p.get('code_challenge') ?? '') || 'code_challenge',
        ['openid', 'email', 'profile'].every((s) => p.get('scope')?.split(' ').includes(s)) || 'scope',
        !!p.get('state') || 'state',
      ].filter((x) => x !== true);
      if (problems.length)
        throw new Error(`bad Google authorization URL (${problems.join(', ')}): ${authorizationUrl}`);
      const code = `4/${random()}`;
      codes.set(code, { challenge: p.get('code_challenge')!, redirectUri: p.get('redirect_uri')!, account });
      return { code, state: p.get('state')! };
    },
  };
}

/**
 * Google's token endpoint failing (for `mswServer.use(...)`). Without a body on purpose: arctic
 * cancels the body of a 5xx, and cancelling the body of an MSW-made response never settles in
 * msw 2.15 / @mswjs/interceptors 0.41 (mswjs/interceptors#799, fixed upstream by #833).
 */
export const googleTokenEndpointDown = () => http.post(GOOGLE_TOKEN_URL, () => new HttpResponse(null, { status: 500 }));

/** Google's userinfo endpoint refusing the access token. */
export const googleUserinfoDown = () =>
  http.get(GOOGLE_USERINFO_URL, () => HttpResponse.json({ error: 'invalid_token' }, { status: 401 }));
