/**
 * A fake Twilio for MSW (`setupServer(...twilio.handlers)`): the Messages resource of the REST
 * API (`POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json`), strict the
 * way Twilio is where it matters to us:
 *
 * - HTTP Basic auth with the account SID and auth token, else `401` error 20003;
 * - the account in the path must be the authenticated one, else `404` error 20404;
 * - a form body with `To`, `From` and `Body` (WhatsApp addresses as `whatsapp:+…`), else `400`
 *   (21604 "A 'To' phone number is required", 21603 "A 'From' phone number is required",
 *   21602 "Message body is required");
 * - `201` with a Message resource whose `sid` is `SM` + 32 hex digits, status `queued`.
 *
 * Accepted messages are kept in `sent`. `twilioDown()` answers 500 and `twilioHangs()` never
 * answers, for `mswServer.use(...)` in retry tests.
 */
import { randomBytes } from 'node:crypto';
import { delay, HttpResponse, http } from 'msw';

export const TWILIO_MESSAGES_URL = 'https://api.twilio.com/2010-04-01/Accounts/:accountSid/Messages.json';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface TwilioSentMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
}

/** Twilio's error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
const twilioError = (status: number, code: number, message: string) =>
  HttpResponse.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status, headers: { 'twilio-request-id': `RQ${randomBytes(16).toString('hex')}` } },
  );

export function fakeTwilio(account: TwilioAccount) {
  const sent: TwilioSentMessage[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;

  const handlers = [
    http.post(TWILIO_MESSAGES_URL, async ({ request, params }) => {
      if (request.headers.get('authorization') !== expectedAuth) return twilioError(401, 20003, 'Authenticate');
      if (params.accountSid !== account.accountSid) {
        return twilioError(404, 20404, `The requested resource ${new URL(request.url).pathname} was not found`);
      }
      const form = new URLSearchParams(await request.text());
      const to = form.get('To');
      const from = form.get('From');
      const body = form.get('Body');
      if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
      if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
      if (!body) return twilioError(400, 21602, 'Message body is required.');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      sent.push({ sid, to, from, body });
      const now = new Date().toUTCString().replace('GMT', '+0000');
      return HttpResponse.json(
        {
          account_sid: account.accountSid,
          api_version: '2010-04-01',
          body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from,
          messaging_service_sid: null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          subresource_uris: { media: `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}/Media.json` },
          to,
          uri: `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}.json`,
        },
        { status: 201 },
      );
    }),
  ];

  return { handlers, sent };
}

/** Twilio failing with a 500 (error 20500). */
export const twilioDown = () => http.post(TWILIO_MESSAGES_URL, () => twilioError(500, 20500, 'Internal Server Error'));

/** Twilio accepting the connection and never answering: the client's timeout must fire. */
export const twilioHangs = () =>
  http.post(TWILIO_MESSAGES_URL, async () => {
    await delay('infinite');
    return new HttpResponse(null, { status: 504 });
  });
