/**
 * The demo world's books (server/src/db/seed.ts), written inside the seed's transaction so the
 * admin finance pages and organizer payouts are not empty and `pnpm ledger:check` passes:
 *
 * 1. a PAYMENT ledger transaction for every seeded paid order, exactly as settling a payment
 *    posts it (payments/settle.ts): key `payment:<paymentId>`, Dr clearing(total), Cr each line's
 *    organizer payable (line − round(line × bps / 10 000)), Cr fee revenue(Σ fees); the order's
 *    `feeMinor` and the payment's `succeededAt` set as settling sets them;
 * 2. company records in EGP: a capital deposit, a few expenses, a settlement from the provider;
 * 3. one PAID payout of everything a past event earned, posted like `markPayoutPaid`.
 *
 * Idempotent with the seed: it runs only in the transaction that creates the demo world.
 */
import { lineFeeMinor } from '../checkout/kinds.ts';
import { accounts, balanceOf, type Posting, post } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';
import { newReference, payoutAmounts, payoutPosting } from '../payouts/payouts.service.ts';
import { eventSettlement } from '../payouts/settlement.ts';
import { postFinanceRecord } from './finance.service.ts';

const DAY = 24 * 3600_000;

/** Posts the demo books (see the file comment). `paidPayoutEventSlug` names a past event with sales. */
export async function seedDemoBooks(
  tx: Tx,
  opts: { now: Date; adminEmail: string; paidPayoutEventSlug: string },
): Promise<{ payments: number; records: number; payouts: number }> {
  const { now } = opts;
  const admin = await tx.user.findUniqueOrThrow({ where: { email: opts.adminEmail }, select: { id: true } });

  // 1. PAYMENT postings for the paid orders
  const orders = await tx.order.findMany({
    where: { status: 'PAID' },
    orderBy: { paidAt: 'asc' },
    select: {
      id: true,
      code: true,
      currency: true,
      paidAt: true,
      payments: { where: { status: 'SUCCEEDED' }, select: { id: true, amountMinor: true } },
      lines: {
        orderBy: { id: 'asc' },
        select: {
          totalMinor: true,
          ticketCategory: {
            select: {
              event: { select: { id: true, organizerId: true, organizer: { select: { platformFeeBps: true } } } },
            },
          },
        },
      },
    },
  });
  let payments = 0;
  for (const o of orders) {
    const payment = o.payments[0];
    if (!payment || !o.paidAt) continue;
    const owed = new Map<string, Posting>();
    let feeMinor = 0;
    for (const l of o.lines) {
      const ev = l.ticketCategory?.event;
      if (!ev) continue;
      const fee = lineFeeMinor(l.totalMinor, ev.organizer.platformFeeBps);
      feeMinor += fee;
      const account = accounts.organizerPayable(ev.organizerId, ev.id, o.currency);
      const e = owed.get(account.code) ?? { account, amountMinor: 0 };
      e.amountMinor -= l.totalMinor - fee;
      owed.set(account.code, e);
    }
    const entries: Posting[] = [
      { account: accounts.clearing(o.currency), amountMinor: payment.amountMinor },
      ...[...owed.values()].filter((e) => e.amountMinor !== 0),
      ...(feeMinor !== 0 ? [{ account: accounts.feeRevenue(o.currency), amountMinor: -feeMinor }] : []),
    ];
    const { posted } = await post(tx, {
      kind: 'PAYMENT',
      idempotencyKey: `payment:${payment.id}`,
      description: `Payment for order ${o.code}`,
      occurredAt: o.paidAt,
      orderId: o.id,
      paymentId: payment.id,
      entries,
    });
    if (!posted) continue;
    await tx.order.update({ where: { id: o.id }, data: { feeMinor } });
    await tx.payment.update({ where: { id: payment.id }, data: { succeededAt: o.paidAt } });
    payments++;
  }

  // 2. the company's own records (EGP)
  const by = { createdById: admin.id, now };
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const records: {
    kind: 'DEPOSIT' | 'EXPENSE';
    category: string;
    description: string;
    counterparty?: string;
    amountMinor: number;
    occurredAt: Date;
  }[] = [
    {
      kind: 'DEPOSIT',
      category: 'Owner capital',
      description: 'Founders’ capital',
      amountMinor: 250_000_00,
      occurredAt: ago(120),
    },
    {
      kind: 'EXPENSE',
      category: 'Hosting',
      description: 'Cloud servers and database, last month',
      counterparty: 'Nile Cloud',
      amountMinor: 8_450_00,
      occurredAt: ago(28),
    },
    {
      kind: 'EXPENSE',
      category: 'Marketing',
      description: 'Social media campaign for the winter season',
      counterparty: 'Pyramid Media',
      amountMinor: 15_000_00,
      occurredAt: ago(21),
    },
    {
      kind: 'EXPENSE',
      category: 'Payment processing',
      description: 'Card processing fees, last month',
      counterparty: 'Stripe',
      amountMinor: 3_120_00,
      occurredAt: ago(6),
    },
    {
      kind: 'EXPENSE',
      category: 'Office',
      description: 'Co-working desks, Zamalek',
      amountMinor: 6_000_00,
      occurredAt: ago(3),
    },
  ];
  for (const r of records) {
    await postFinanceRecord(
      tx,
      r.kind,
      {
        category: r.category,
        description: r.description,
        counterparty: r.counterparty,
        amountMinor: r.amountMinor,
        currency: 'EGP',
        occurredAt: r.occurredAt,
      },
      by,
    );
  }
  // the provider paid out part of what it held for us (never more than it holds)
  const held = await balanceOf(tx, accounts.clearing('EGP').code);
  const settled = Math.floor((held * 0.4) / 100) * 100;
  if (settled > 0) {
    await postFinanceRecord(
      tx,
      'SETTLEMENT',
      {
        category: 'Payment provider payout',
        description: 'Stripe payout to the company bank account',
        counterparty: 'Stripe',
        amountMinor: settled,
        currency: 'EGP',
        occurredAt: ago(2),
      },
      by,
    );
  }

  // 3. a paid payout for a past event
  let payouts = 0;
  const past = await tx.event.findUnique({
    where: { slug: opts.paidPayoutEventSlug },
    select: { id: true, endsAt: true },
  });
  if (past) {
    const s = await eventSettlement(tx, past.id);
    if (s.availableMinor > 0) {
      const paidAt = new Date(Math.min(now.getTime() - DAY, past.endsAt.getTime() + 3 * DAY));
      const payout = await tx.payout.create({
        data: {
          reference: await newReference(tx, paidAt),
          organizerId: s.organizerId,
          eventId: s.eventId,
          currency: s.currency,
          ...(await payoutAmounts(tx, s)),
          status: 'PAID',
          note: 'Settlement after the event',
          createdById: admin.id,
          createdAt: new Date(paidAt.getTime() - DAY),
          paidAt,
        },
        select: {
          id: true,
          reference: true,
          organizerId: true,
          currency: true,
          netMinor: true,
          organizer: { select: { name: true } },
          event: { select: { title: true } },
        },
      });
      await post(tx, payoutPosting({ ...payout, eventId: s.eventId }, paidAt, admin.id));
      payouts++;
    }
  }
  return { payments, records: records.length + (settled > 0 ? 1 : 0), payouts };
}
