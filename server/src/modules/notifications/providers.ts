/**
 * Channel providers: one interface `{ channel, name, send(msg) → { providerId } }` per way out.
 *
 * | channel  | provider                                     | configured by                              |
 * |----------|----------------------------------------------|--------------------------------------------|
 * | EMAIL    | nodemailer over SMTP                         | `SMTP_URL` (+ `SMTP_FROM`)                 |
 * | SMS      | Twilio Messages API through the twilio SDK   | `TWILIO_ACCOUNT_SID`, `_AUTH_TOKEN`, `_FROM_SMS` |
 * | WHATSAPP | the same, with `whatsapp:` addresses         | … and `TWILIO_FROM_WHATSAPP`               |
 * | any      | the outbox (`OutboxMessage`)                 | used for every channel left unconfigured   |
 *
 * IN_APP is not a provider: it is the stored notification plus a socket.io push (notification.service.ts).
 * Tests inject providers through `deps.providers` (a nodemailer stream transport, a Twilio client
 * with a short timeout against MSW); otherwise they come from the configuration, built once per
 * config object so the SMTP transport and the Twilio client are reused.
 */
import type { TMessageChannel } from '@admit/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import twilio from 'twilio';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { sendMessage } from './outbox.ts';

export type ExternalChannel = Exclude<TMessageChannel, 'IN_APP'>;
export const EXTERNAL_CHANNELS: readonly ExternalChannel[] = ['SMS', 'EMAIL', 'WHATSAPP'];

/** What a provider sends: the rendered template for one recipient on one channel. */
export interface ProviderMessage {
  channel: ExternalChannel;
  /** E.164 mobile for SMS/WhatsApp, e-mail address for EMAIL */
  to: string;
  /** the notification kind, e.g. otp.login */
  kind: string;
  subject: string;
  text: string;
  html: string;
  userId?: string | null;
}

export interface ChannelProvider {
  readonly channel: ExternalChannel;
  /** recorded on the delivery: smtp, twilio, outbox, … */
  readonly name: string;
  /** Sends or throws. `providerId`: the SMTP Message-ID, the Twilio SID, the outbox row id. */
  send(msg: ProviderMessage): Promise<{ providerId: string }>;
}

/** A provider per configured channel; a channel without one delivers to the outbox. */
export type ChannelProviders = Partial<Record<ExternalChannel, ChannelProvider>>;

/** E-mail through a nodemailer transport (SMTP in production; a stream/JSON transport in tests). */
export function emailProvider(transport: Transporter, from: string, name = 'smtp'): ChannelProvider {
  return {
    channel: 'EMAIL',
    name,
    async send(msg) {
      const info = (await transport.sendMail({
        from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        headers: { 'X-Admit-Kind': msg.kind },
      })) as { messageId?: string };
      if (!info.messageId) throw new Error('the mail transport returned no Message-ID');
      return { providerId: info.messageId };
    },
  };
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  fromSms: string | null;
  fromWhatsapp: string | null;
  /** per-request timeout (the SDK's default is 30 s) */
  timeoutMs?: number;
}

const whatsapp = (address: string) => (address.startsWith('whatsapp:') ? address : `whatsapp:${address}`);

/**
 * SMS and WhatsApp through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`)
 * with the official SDK. Only the channels with a sender are returned.
 */
export function twilioProviders(settings: TwilioSettings): ChannelProviders {
  const client = twilio(settings.accountSid, settings.authToken, { timeout: settings.timeoutMs ?? 15_000 });
  const out: ChannelProviders = {};
  const send = async (to: string, from: string, body: string) => {
    const message = await client.messages.create({ to, from, body });
    return { providerId: message.sid };
  };
  const { fromSms, fromWhatsapp } = settings;
  if (fromSms) out.SMS = { channel: 'SMS', name: 'twilio', send: (m) => send(m.to, fromSms, m.text) };
  if (fromWhatsapp) {
    out.WHATSAPP = {
      channel: 'WHATSAPP',
      name: 'twilio',
      send: (m) => send(whatsapp(m.to), whatsapp(fromWhatsapp), m.text),
    };
  }
  return out;
}

/** Providers from `SMTP_URL` and `TWILIO_*`. */
export function providersFromConfig(config: Config, opts: { timeoutMs?: number } = {}): ChannelProviders {
  const { smtpUrl, mailFrom, twilio: tw } = config.notifications;
  const timeout = opts.timeoutMs ?? 15_000;
  const out: ChannelProviders = tw ? twilioProviders({ ...tw, timeoutMs: timeout }) : {};
  if (smtpUrl) {
    const transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: 2 * timeout,
    });
    out.EMAIL = emailProvider(transport, mailFrom);
  }
  return out;
}

const fromConfig = new WeakMap<Config, ChannelProviders>();

/** `deps.providers` when injected, else the configured ones (built once per config). */
export function resolveProviders(deps: { config: Config; providers?: ChannelProviders }): ChannelProviders {
  if (deps.providers) return deps.providers;
  let providers = fromConfig.get(deps.config);
  if (!providers) {
    providers = providersFromConfig(deps.config);
    fromConfig.set(deps.config, providers);
  }
  return providers;
}

/** The outbox as a provider for `channel`, writing with `deps.db` (a transaction client in notify). */
export function outboxProvider(
  deps: { db: Db | Prisma.TransactionClient; log: Logger; config: Pick<Config, 'isProduction'> },
  channel: ExternalChannel,
): ChannelProvider {
  return {
    channel,
    name: 'outbox',
    async send(msg) {
      const { id } = await sendMessage(deps, {
        channel,
        recipient: msg.to,
        template: msg.kind,
        subject: channel === 'EMAIL' ? msg.subject : undefined,
        body: msg.text,
        userId: msg.userId,
      });
      return { providerId: id };
    },
  };
}
