/**
 * Outgoing messages. No provider is wired yet (SMS/e-mail arrive with the platform-services
 * issue): every message is stored in `OutboxMessage`, readable through the `dev` namespace, and
 * outside production one-time codes are also printed in the server log.
 */
import type { Deps } from '../../deps.ts';

export interface OutgoingMessage {
  channel: 'SMS' | 'EMAIL' | 'WHATSAPP' | 'IN_APP';
  recipient: string;
  template: string;
  subject?: string;
  body: string;
  userId?: string;
}

export async function sendMessage(deps: Pick<Deps, 'db' | 'log' | 'config'>, msg: OutgoingMessage): Promise<void> {
  await deps.db.outboxMessage.create({
    data: {
      channel: msg.channel,
      recipient: msg.recipient,
      template: msg.template,
      subject: msg.subject ?? null,
      body: msg.body,
      userId: msg.userId ?? null,
    },
  });
  if (!deps.config.isProduction) {
    deps.log.info({ channel: msg.channel, to: msg.recipient, template: msg.template }, `[outbox] ${msg.body}`);
  }
}
