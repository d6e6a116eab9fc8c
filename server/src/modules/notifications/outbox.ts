/**
 * The outbox: where messages go when their channel has no provider configured (the development
 * default; DESIGN.md "Configuration"). Every message is stored in `OutboxMessage`, readable
 * through the `dev` namespace (`dev.outbox`, `dev.mailbox`), and outside production its text is
 * also printed in the server log. `notify()` writes here through the outbox provider
 * (providers.ts), inside the transaction that creates the notification.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import type { Prisma } from '../../db/generated/client.ts';

export interface OutgoingMessage {
  channel: 'SMS' | 'EMAIL' | 'WHATSAPP' | 'IN_APP';
  recipient: string;
  template: string;
  subject?: string;
  body: string;
  userId?: string | null;
}

/** Stores `msg` in the outbox (with `db`, possibly a transaction client); returns its id. */
export async function sendMessage(
  deps: { db: Db | Prisma.TransactionClient; log: Logger; config: Pick<Config, 'isProduction'> },
  msg: OutgoingMessage,
): Promise<{ id: string }> {
  const { id } = await deps.db.outboxMessage.create({
    data: {
      channel: msg.channel,
      recipient: msg.recipient,
      template: msg.template,
      subject: msg.subject ?? null,
      body: msg.body,
      userId: msg.userId ?? null,
    },
    select: { id: true },
  });
  if (!deps.config.isProduction) {
    deps.log.info({ channel: msg.channel, to: msg.recipient, template: msg.template }, `[outbox] ${msg.body}`);
  }
  return { id };
}
