/**
 * The notification service (issue 5 "Notifications"): one `notify()` for every event worth
 * telling someone about, on every channel.
 *
 * `notify(deps, tx, { userId?, to?, kind, vars, channels? })`, inside the caller's transaction:
 *   1. stores the Notification (the in-app inbox entry when a user is given; secrets of the
 *      template masked in its title/body);
 *   2. picks the channels: the caller's list, or the kind's defaults plus what the user opted into;
 *      the user's preferences (kind-specific over `*`) turn channels off → a SKIPPED delivery.
 *      Essential kinds (one-time codes) ignore preferences. A channel with no address is left out;
 *   3. one NotificationDelivery per channel:
 *        IN_APP                        → SENT at once (the stored entry) + a realtime `notify` to
 *                                        `user:<id>`, returned for the caller to publish after commit
 *        provider not configured       → the outbox, synchronously in the transaction (SENT,
 *                                        provider 'outbox'): development and tests see one-time codes
 *                                        immediately
 *        provider configured           → PENDING + a `notifications.deliver` job (key
 *                                        `deliver:<deliveryId>`) enqueued in the same transaction, so a
 *                                        crash loses nothing and the change and its message commit together.
 *
 * The `notifications.deliver` handler (`deliverNotification`) is idempotent: it claims the
 * delivery by a conditional UPDATE (PENDING/FAILED → SENDING), so a replayed or duplicated job
 * never sends twice; it records SENT + provider id, or FAILED + the error and rethrows so the
 * queue retries with backoff; the last attempt leaves the delivery DEAD (the dead-letter view).
 * A worker that died between claiming and recording leaves SENDING behind: after
 * `SENDING_STALE_MS` another attempt takes it over (at-least-once in that crash window only).
 */
import type { TMessageChannel } from '@admit/shared';
import { rooms } from '@admit/shared';
import type { Db } from '../../db/connection.ts';
import { Prisma } from '../../db/generated/client.ts';
import type { AppDeps } from '../../deps.ts';
import { enqueue, type JobContext } from '../../jobs/queue.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { type ChannelProvider, type ExternalChannel, outboxProvider, resolveProviders } from './providers.ts';
import {
  isNotificationKind,
  type NotificationKind,
  type NotificationVars,
  render,
  renderRedacted,
  templateOf,
} from './templates.ts';

type DbOrTx = Db | Prisma.TransactionClient;

export const DELIVER_JOB = 'notifications.deliver';
/** tries per delivery: with the queue's backoff (1 s, 2 s, 4 s, … capped at 1 h) about 2 minutes */
export const DELIVERY_MAX_ATTEMPTS = 8;
/** a SENDING delivery untouched this long belongs to a worker that died mid-send */
export const SENDING_STALE_MS = 10 * 60_000;
/** a provider call that has not answered by then counts as failed (providers time out sooner) */
export const SEND_DEADLINE_MS = 60_000;

export type NotifyDeps = Pick<AppDeps, 'clock' | 'config' | 'log' | 'providers'>;

export interface NotifyInput<K extends NotificationKind> {
  /** the recipient's account: inbox entry, realtime push, preferences, default addresses */
  userId?: string | null;
  /** addresses that win over the account's (a new mobile being verified, an unknown visitor) */
  to?: { mobile?: string | null; email?: string | null };
  kind: K;
  vars: NotificationVars[K];
  /** only these channels (default: the kind's channels plus the ones the user turned on) */
  channels?: TMessageChannel[];
}

export interface NotifyResult {
  notificationId: string;
  deliveries: { id: string; channel: TMessageChannel; status: 'PENDING' | 'SENT' | 'SKIPPED' }[];
  /** the in-app push: hand it to `deps.realtime` once the transaction has committed */
  realtime: RealtimeMessage[];
}

interface Planned {
  channel: TMessageChannel;
  recipient: string;
  enabled: boolean;
}

/**
 * Creates the notification and its deliveries (see the file comment). Pass the transaction
 * client of the change that causes the notification; with the root client it opens its own.
 */
export async function notify<K extends NotificationKind>(
  deps: NotifyDeps,
  db: DbOrTx,
  input: NotifyInput<K>,
): Promise<NotifyResult> {
  // the root client has $connect; a transaction client does not (it may have $transaction:
  // Prisma 7 nests transactions as savepoints, which PGlite's adapter does not implement)
  if ('$connect' in db) return db.$transaction((tx) => notifyIn(deps, tx, input));
  return notifyIn(deps, db, input);
}

async function notifyIn<K extends NotificationKind>(
  deps: NotifyDeps,
  tx: Prisma.TransactionClient,
  input: NotifyInput<K>,
): Promise<NotifyResult> {
  const tpl = templateOf(input.kind);
  const now = deps.clock.now();
  const userId = input.userId ?? null;
  const user = userId
    ? await tx.user.findUnique({ where: { id: userId }, select: { mobile: true, email: true } })
    : null;
  const prefs =
    userId && !tpl.essential
      ? await tx.notificationPreference.findMany({
          where: { userId, kind: { in: ['*', input.kind] } },
          select: { kind: true, channel: true, enabled: true },
        })
      : [];
  const choice = (channel: TMessageChannel) =>
    (prefs.find((p) => p.kind === input.kind && p.channel === channel) ?? prefs.find((p) => p.channel === channel))
      ?.enabled;

  const candidates = [...new Set(input.channels ?? [...tpl.channels, ...(tpl.optional ?? [])])];
  const mobile = input.to?.mobile ?? user?.mobile ?? null;
  const email = input.to?.email ?? user?.email ?? null;
  const plan: Planned[] = [];
  for (const channel of candidates) {
    const recipient =
      channel === 'IN_APP' ? (userId ? rooms.user(userId) : null) : channel === 'EMAIL' ? email : mobile;
    if (!recipient) continue;
    if (tpl.essential) {
      plan.push({ channel, recipient, enabled: true });
      continue;
    }
    const chosen = choice(channel);
    const byDefault = input.channels !== undefined || tpl.channels.includes(channel);
    if (chosen === false) plan.push({ channel, recipient, enabled: false });
    else if (chosen === true || byDefault) plan.push({ channel, recipient, enabled: true });
  }

  const providers = resolveProviders(deps);
  const queued = plan.filter((p) => p.enabled && p.channel !== 'IN_APP' && providers[p.channel as ExternalChannel]);
  const shown = renderRedacted(input.kind, input.vars);
  // secrets (one-time codes) are kept only while a queued delivery still needs them
  const keepVars = !tpl.redact || queued.length > 0;
  const notification = await tx.notification.create({
    data: {
      userId,
      kind: input.kind,
      createdAt: now,
      title: shown.subject,
      body: shown.text,
      ...(keepVars ? { data: { vars: input.vars } as Prisma.InputJsonValue } : {}),
    },
    select: { id: true },
  });

  const message = render(input.kind, input.vars);
  const result: NotifyResult = { notificationId: notification.id, deliveries: [], realtime: [] };
  for (const p of plan) {
    const base = { notificationId: notification.id, channel: p.channel, recipient: p.recipient };
    if (!p.enabled) {
      const d = await tx.notificationDelivery.create({
        data: { ...base, status: 'SKIPPED', lastError: 'turned off in the recipient’s preferences' },
        select: { id: true },
      });
      result.deliveries.push({ id: d.id, channel: p.channel, status: 'SKIPPED' });
      continue;
    }
    if (p.channel === 'IN_APP') {
      const d = await tx.notificationDelivery.create({
        data: { ...base, status: 'SENT', attempts: 1, provider: 'in-app', providerId: notification.id, sentAt: now },
        select: { id: true },
      });
      result.deliveries.push({ id: d.id, channel: p.channel, status: 'SENT' });
      result.realtime.push({
        room: p.recipient,
        event: 'notify',
        payload: {
          notificationId: notification.id,
          kind: input.kind,
          title: shown.subject,
          body: shown.text,
          at: now.toISOString(),
        },
      });
      continue;
    }
    const channel = p.channel as ExternalChannel;
    if (providers[channel]) {
      const d = await tx.notificationDelivery.create({ data: base, select: { id: true } });
      await enqueue(
        tx,
        DELIVER_JOB,
        { deliveryId: d.id },
        { key: `deliver:${d.id}`, maxAttempts: DELIVERY_MAX_ATTEMPTS },
      );
      result.deliveries.push({ id: d.id, channel, status: 'PENDING' });
      continue;
    }
    const { providerId } = await outboxProvider({ db: tx, log: deps.log, config: deps.config }, channel).send({
      channel,
      to: p.recipient,
      kind: input.kind,
      ...message,
      userId,
    });
    const d = await tx.notificationDelivery.create({
      data: { ...base, status: 'SENT', attempts: 1, provider: 'outbox', providerId, sentAt: now },
      select: { id: true },
    });
    result.deliveries.push({ id: d.id, channel, status: 'SENT' });
  }
  return result;
}

// ───────────────────────────── the delivery job ─────────────────────────────

const describeError = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err).slice(0, 2000);
  const e = err as Error & { status?: number; code?: number | string };
  const tags = [e.status, e.code].filter((x) => x !== undefined && x !== null);
  return (tags.length ? `${e.name} ${tags.join(' ')}: ${e.message}` : `${e.name}: ${e.message}`).slice(0, 2000);
};

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const UNSETTLED = ['PENDING', 'SENDING', 'FAILED'] as const;

/**
 * `notifications.deliver` {deliveryId}: sends one queued delivery (see the file comment).
 * Throws when the provider fails so the queue retries; returns quietly when there is nothing
 * (left) to send.
 */
export async function deliverNotification(
  deps: AppDeps,
  payload: unknown,
  job: Pick<JobContext, 'id' | 'attempt' | 'maxAttempts' | 'log'>,
): Promise<void> {
  const deliveryId = (payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof deliveryId !== 'string') throw new Error('notifications.deliver needs {deliveryId}');
  const db = deps.db;
  const now = deps.clock.now();
  const claimed = await db.notificationDelivery.updateMany({
    where: {
      id: deliveryId,
      OR: [
        // DEAD: an admin put the dead job back in the queue
        { status: { in: ['PENDING', 'FAILED', 'DEAD'] } },
        { status: 'SENDING', updatedAt: { lt: new Date(now.getTime() - SENDING_STALE_MS) } },
      ],
    },
    data: { status: 'SENDING', attempts: { increment: 1 }, updatedAt: now },
  });
  if (claimed.count === 0) {
    const current = await db.notificationDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    if (current?.status === 'SENDING') throw new Error('another worker is sending this delivery; trying again later');
    job.log.info({ deliveryId, status: current?.status ?? 'missing' }, 'delivery already settled; nothing sent');
    return;
  }

  const delivery = await db.notificationDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      channel: true,
      recipient: true,
      notification: { select: { id: true, kind: true, userId: true, data: true } },
    },
  });
  const { notification } = delivery;
  const settle = async (data: Prisma.NotificationDeliveryUpdateManyMutationInput) => {
    await db.notificationDelivery.update({ where: { id: deliveryId }, data: { ...data, updatedAt: deps.clock.now() } });
    if (data.status === 'SENT' || data.status === 'DEAD') await forgetSecrets(db, notification.id, notification.kind);
  };

  if (delivery.channel === 'IN_APP') {
    // the stored notification is the in-app delivery; nothing to call
    await settle({ status: 'SENT', provider: 'in-app', providerId: notification.id, sentAt: now, lastError: null });
    return;
  }
  const channel = delivery.channel as ExternalChannel;
  const vars = (notification.data as { vars?: unknown } | null)?.vars;
  if (!isNotificationKind(notification.kind) || vars === undefined) {
    // retrying cannot help: record it for the admins instead of failing quietly
    await settle({ status: 'DEAD', lastError: 'the message content is no longer available (expired secret?)' });
    job.log.error({ deliveryId, kind: notification.kind }, 'delivery has nothing to send');
    return;
  }
  const provider: ChannelProvider =
    resolveProviders(deps)[channel] ?? outboxProvider({ db, log: deps.log, config: deps.config }, channel);
  let providerId: string;
  try {
    const message = render(notification.kind, vars as never);
    ({ providerId } = await withDeadline(
      provider.send({
        channel,
        to: delivery.recipient,
        kind: notification.kind,
        ...message,
        userId: notification.userId,
      }),
      SEND_DEADLINE_MS,
      provider.name,
    ));
  } catch (err) {
    const dead = job.attempt >= job.maxAttempts;
    await settle({ status: dead ? 'DEAD' : 'FAILED', provider: provider.name, lastError: describeError(err) });
    job.log.warn(
      { deliveryId, channel, provider: provider.name, err: describeError(err), dead },
      dead ? 'delivery is dead after its last attempt' : 'delivery failed; will retry',
    );
    throw err;
  }
  await settle({ status: 'SENT', provider: provider.name, providerId, sentAt: deps.clock.now(), lastError: null });
}

/** Drops a secret-bearing kind's variables once none of its deliveries can still use them. */
async function forgetSecrets(db: Db, notificationId: string, kind: string): Promise<void> {
  if (!isNotificationKind(kind) || !templateOf(kind).redact) return;
  await db.notification.updateMany({
    where: { id: notificationId, deliveries: { none: { status: { in: [...UNSETTLED] } } } },
    data: { data: Prisma.DbNull },
  });
}
