/**
 * Development helpers (DESIGN.md "Router tree": mounted only outside production): read the
 * message outbox (one-time codes land here when no SMS provider is configured; `mailbox` pages
 * through it with the HTML of e-mails) and move the clock forward to watch holds expire.
 */
import { ZMailboxInput } from '@admit/shared';
import { z } from 'zod';
import { AdjustableClock } from '../../clock.ts';
import { router } from '../../trpc/init.ts';
import { publicProcedure } from '../../trpc/procedures.ts';
import { listMailbox } from '../notifications/inbox.service.ts';
import { expireHolds } from '../orders/orders.service.ts';

export const devRouter = router({
  outbox: publicProcedure
    .input(z.object({ recipient: z.string().max(254).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) =>
      ctx.deps.db.outboxMessage.findMany({
        where: input.recipient ? { recipient: input.recipient } : {},
        orderBy: { createdAt: 'desc' },
        take: input.limit,
        select: {
          id: true,
          channel: true,
          recipient: true,
          template: true,
          subject: true,
          body: true,
          createdAt: true,
        },
      }),
    ),
  /** every outgoing message that landed in the outbox, newest first (the admin SPA's mailbox page) */
  mailbox: publicProcedure.input(ZMailboxInput).query(({ ctx, input }) => listMailbox(ctx.deps, input)),
  advanceClock: publicProcedure
    .input(
      z.object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 30),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(ctx.deps.clock instanceof AdjustableClock)) throw new Error('clock is not adjustable');
      const now = ctx.deps.clock.advance(input.minutes * 60_000);
      const expired = await expireHolds(ctx.deps);
      return { now, expired };
    }),
});
