/**
 * `pnpm bench checkout`: a hot sale. One event, ONE category of quota 500, 2 000 buyers at once,
 * each over real HTTP with their own customer session and connection:
 *
 *   POST /api/v1/tickets/book/ (1 ticket) → POST /api/v1/payments/process/ → POST /api/v1/payments/confirm/
 *
 * on a started test server (offline payment provider, so the provider costs nothing and the
 * figures are Admit's: capacity guard, settle transaction, ledger, notifications) and a throwaway
 * PostgreSQL database (always PostgreSQL: the point is concurrent transactions).
 *
 * Reported: orders/s reaching PAID (wall clock from the first request to the last PAID), p50/p99
 * of the whole book → paid path of the buyers who got a ticket, how the others were refused
 * (SOLD_OUT), the sold count — which must be exactly the quota with nothing oversold (exit 1
 * otherwise) — and the baseline: the same checkout done alone (sequentially, no contention) and
 * `GET /healthz`, measured in the same run. Figures to quote: contended p50 ÷ uncontended p50.
 */
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { SESSION_LIFETIME_MS } from '../server/src/auth/sessions.ts';
import { randomSecret, sha256Bytes } from '../server/src/auth/tokens.ts';
import { createOfflineProvider } from '../server/src/modules/payments/provider.ts';
import { makeEvent, openTestDatabase, startTestServer, testDeps } from '../server/test/harness.ts';
import {
  type BenchOptions,
  type BenchResult,
  Deadline,
  LoopbackClient,
  ms,
  ratio,
  round,
  SUMMARY_HEAD,
  summarize,
  summaryFigures,
  summaryRow,
} from './lib.ts';

const QUOTA = 500;
const BUYERS = 2_000;
const BASELINE_CHECKOUTS = 30;
const HEALTHZ_ROUNDS = 200;
const POOL_SIZE = 20;
/** connections the buyers share (CHECKOUT_SOCKETS=2000 gives each buyer its own) */
const SOCKETS = Number(process.env.CHECKOUT_SOCKETS ?? 200);

/** POST/GET on 127.0.0.1 with a 50 s timeout (lib.ts's client gives up after 10 s). */
function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...headers,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(50_000, () => req.destroy(new Error(`${method} ${path}: timed out after 50 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

type Outcome =
  | { kind: 'paid'; ms: number; at: number }
  | { kind: 'sold-out'; ms: number }
  | { kind: 'error'; detail: string };

export async function runCheckout(opts: BenchOptions): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const buyers = Math.min(opts.n ?? BUYERS, 20_000);
  const notes: string[] = [];
  if (opts.db === 'pglite') notes.push('checkout always runs on PostgreSQL (concurrent transactions are the point)');

  const db = await openTestDatabase('postgres', { poolSize: POOL_SIZE });
  const deps = testDeps(db);
  deps.payments = createOfflineProvider();
  const server = await startTestServer(deps);
  const client = new LoopbackClient(server.port, 1);
  // every buyer starts at once; at most SOCKETS connections carry them (a proxy's upstream pool),
  // and the client is patient: the figures must show the server's answers, not a client timeout
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS });
  try {
    // ── setup (not measured): the hot event, a quiet one for the baseline, customers with sessions
    const hot = await makeEvent(deps, { quota: QUOTA, priceMinor: 45_000, capacity: QUOTA });
    const quiet = await makeEvent(deps, { quota: 10_000, priceMinor: 45_000 });
    const stamp = Date.now().toString(36);
    await deps.db.user.createMany({
      data: Array.from({ length: buyers + BASELINE_CHECKOUTS }, (_, i) => ({
        role: 'CUSTOMER' as const,
        status: 'ACTIVE' as const,
        mobile: `+2015${String(i).padStart(8, '0')}`,
        passwordHash: 'bench-no-password',
        firstName: 'Buyer',
        lastName: `${stamp}-${i}`,
      })),
    });
    const users = await deps.db.user.findMany({
      where: { lastName: { startsWith: `${stamp}-` } },
      select: { id: true },
      orderBy: { mobile: 'asc' },
    });
    // sessions as createSession writes them (token `<id>.<secret>`, SHA-256 of the secret stored), in bulk
    const now = deps.clock.now();
    const sessions = users.map((u) => ({ id: randomSecret(), secret: randomSecret(), userId: u.id }));
    await deps.db.session.createMany({
      data: sessions.map((s) => ({
        id: s.id,
        secretHash: sha256Bytes(s.secret),
        userId: s.userId,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      })),
    });
    const tokens = sessions.map((s) => `${s.id}.${s.secret}`);
    const [baselineTokens, buyerTokens] = [tokens.slice(0, BASELINE_CHECKOUTS), tokens.slice(BASELINE_CHECKOUTS)];

    const post = (path: string, token: string, body: unknown) =>
      request(agent, server.port, 'POST', `/api${path}`, JSON.stringify(body), { authorization: `Bearer ${token}` });

    /** One buyer: book 1 → process → confirm; the outcome and its latency. Never throws. */
    const checkout = async (token: string, ev: typeof hot): Promise<Outcome> => {
      const at = { step: 'book' };
      try {
        return await checkoutOnce(token, ev, at);
      } catch (err) {
        // a network error: counted with the step that was running
        return { kind: 'error', detail: `${at.step} ${String(err)}` };
      }
    };
    const checkoutOnce = async (token: string, ev: typeof hot, at: { step: string }): Promise<Outcome> => {
      const t0 = performance.now();
      const book = await post('/v1/tickets/book/', token, {
        eventId: ev.eventId,
        ticketCategoryId: ev.standardId,
        quantity: 1,
      });
      if (book.status === 409 && book.body.includes('SOLD_OUT'))
        return { kind: 'sold-out', ms: performance.now() - t0 };
      if (book.status !== 200) return { kind: 'error', detail: `book ${book.status} ${book.body.slice(0, 200)}` };
      at.step = 'process';
      const order = JSON.parse(book.body) as { id: string };
      const intent = await post('/v1/payments/process/', token, { orderId: order.id });
      if (intent.status !== 200)
        return { kind: 'error', detail: `process ${intent.status} ${intent.body.slice(0, 200)}` };
      const { paymentId } = JSON.parse(intent.body) as { paymentId: string };
      at.step = 'confirm';
      const paid = await post('/v1/payments/confirm/', token, { paymentId });
      if (paid.status !== 200 || (JSON.parse(paid.body) as { status: string }).status !== 'PAID') {
        return { kind: 'error', detail: `confirm ${paid.status} ${paid.body.slice(0, 200)}` };
      }
      const done = performance.now();
      return { kind: 'paid', ms: done - t0, at: done };
    };

    // ── baseline: /healthz and the same checkout alone, after a short warm-up
    for (let i = 0; i < 20; i++) await client.request('GET', '/healthz');
    const healthz: number[] = [];
    for (let i = 0; i < HEALTHZ_ROUNDS; i++) {
      const t0 = performance.now();
      const res = await client.request('GET', '/healthz');
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      healthz.push(performance.now() - t0);
    }
    const alone: number[] = [];
    for (const token of baselineTokens) {
      const r = await checkout(token, quiet);
      if (r.kind !== 'paid') throw new Error(`uncontended checkout failed: ${JSON.stringify(r)}`);
      alone.push(r.ms);
    }

    // ── the rush: every buyer at once
    if (deadline.near(40_000)) notes.push('setup took long: the rush may be cut by the 55 s budget');
    const start = performance.now();
    const outcomes = await Promise.all(buyerTokens.map((t) => checkout(t, hot)));
    const wall = performance.now() - start;

    const paid = outcomes.filter((o): o is Extract<Outcome, { kind: 'paid' }> => o.kind === 'paid');
    const soldOut = outcomes.filter((o): o is Extract<Outcome, { kind: 'sold-out' }> => o.kind === 'sold-out');
    const errors = outcomes.filter((o): o is Extract<Outcome, { kind: 'error' }> => o.kind === 'error');
    const lastPaid = Math.max(...paid.map((p) => p.at));
    const paidWindowS = (lastPaid - start) / 1000;

    // ── the books: exactly the quota sold, never more
    const [category, paidOrders, tickets, payments] = await Promise.all([
      deps.db.ticketCategory.findUniqueOrThrow({
        where: { id: hot.standardId },
        select: { quota: true, reserved: true },
      }),
      deps.db.order.count({ where: { status: 'PAID', lines: { some: { ticketCategoryId: hot.standardId } } } }),
      deps.db.ticket.count({ where: { ticketCategoryId: hot.standardId } }),
      deps.db.payment.count({
        where: { status: 'SUCCEEDED', order: { lines: { some: { ticketCategoryId: hot.standardId } } } },
      }),
    ]);
    const { checkLedger } = await import('../server/src/modules/ledger/ledger.ts');
    const ledgerProblems = (await checkLedger(deps.db)).length;
    const oversold = Math.max(0, tickets - QUOTA);

    const rush = summarize(paid.map((p) => p.ms));
    const refused = summarize(soldOut.map((s) => s.ms));
    const base = summarize(alone);
    const hz = summarize(healthz);
    const ordersPerS = paid.length / paidWindowS;
    // a refused booking (the server overloaded before a hold existed) is reported; a buyer who held
    // a ticket and could not pay, a wrong count or a ledger problem fails the bench
    const bookErrors = errors.filter((e) => e.detail.startsWith('book ')).length;
    const payErrors = errors.length - bookErrors;
    const failed =
      paidOrders !== QUOTA ||
      tickets !== QUOTA ||
      payments !== QUOTA ||
      category.reserved !== QUOTA ||
      oversold > 0 ||
      payErrors > 0 ||
      ledgerProblems > 0;
    const errorKinds = new Map<string, number>();
    for (const e of errors) {
      const kind = e.detail.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 160);
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
    if (failed) {
      process.exitCode = 1;
      notes.push(`FAILED: sold ${paidOrders}/${QUOTA}, ${payErrors} buyers with a hold could not pay`);
    }
    for (const [kind, n] of [...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 5)) notes.push(`${n} × ${kind}`);

    return {
      bench: 'checkout',
      table: [
        {
          title: `book → process → confirm over HTTP; ${buyers} buyers at once for quota ${QUOTA} over ${SOCKETS} connections (PostgreSQL, pool ${POOL_SIZE})`,
          head: SUMMARY_HEAD,
          rows: [
            summaryRow('GET /healthz (baseline)', hz),
            summaryRow('checkout alone (baseline)', base),
            summaryRow('checkout in the rush → PAID', rush),
            summaryRow('refused SOLD_OUT', refused),
          ],
        },
        {
          title: 'outcome',
          head: ['', 'value'],
          rows: [
            ['orders PAID / s (first request → last PAID)', round(ordersPerS, 1)],
            ['paid window s', round(paidWindowS, 2)],
            ['whole rush s', round(wall / 1000, 2)],
            ['sold (PAID orders / tickets / payments)', `${paidOrders} / ${tickets} / ${payments}`],
            ['oversold', oversold],
            ['category reserved / quota', `${category.reserved} / ${category.quota}`],
            ['refused SOLD_OUT', soldOut.length],
            ['errors booking (no hold taken)', bookErrors],
            ['errors paying (hold taken)', payErrors],
            ['ledger problems', ledgerProblems],
            ['rush p50 ÷ alone p50', ratio(rush.p50, base.p50)],
            ['rush p99 ÷ alone p50', ratio(rush.p99, base.p50)],
            ['alone p50 ÷ healthz p50', ratio(base.p50, hz.p50)],
          ],
        },
      ],
      figures: {
        buyers,
        quota: QUOTA,
        poolSize: POOL_SIZE,
        sockets: SOCKETS,
        sold: paidOrders,
        tickets,
        oversold,
        soldOut: soldOut.length,
        bookErrors,
        payErrors,
        ledgerProblems,
        ordersPerSecond: round(ordersPerS, 1),
        paidWindowS: round(paidWindowS, 2),
        rush: summaryFigures(rush),
        refused: summaryFigures(refused),
        alone: summaryFigures(base),
        healthz: summaryFigures(hz),
        rushP50OverAloneP50: ratio(rush.p50, base.p50),
        rushP99OverAloneP50: ratio(rush.p99, base.p50),
        aloneP50OverHealthzP50: ratio(base.p50, hz.p50),
        ok: !failed,
        cores: availableParallelism(),
        load: `${loadStart} → ${loadavg()[0]!.toFixed(2)}`,
        ms: ms(deadline.elapsedMs),
      },
      notes,
    };
  } finally {
    client.close();
    agent.destroy();
    await server.close();
    await db.close();
  }
}
