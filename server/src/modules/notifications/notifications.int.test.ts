/**
 * The notification service end to end (issue 5 "Notifications" and "Tests that must pass in CI"):
 * channels chosen by kind and preferences, the outbox for unconfigured channels, Twilio (faked by
 * MSW, test/msw/twilio.ts) and e-mail (nodemailer stream transport) through the job queue,
 * retries with backoff until the dead-letter view, idempotent replays, and the inbox.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { setupServer } from 'msw/node';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  integrationDbReady,
  latestCode,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { fakeTwilio, twilioDown, twilioHangs } from '../../../test/msw/twilio.ts';
import { retryDeadJob } from '../../jobs/queue.ts';
import { createWorker } from '../../jobs/registry.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { DELIVER_JOB, DELIVERY_MAX_ATTEMPTS, deliverNotification, notify } from './notification.service.ts';
import { emailProvider, providersFromConfig } from './providers.ts';

const ready = await integrationDbReady();

const TWILIO = { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'twilio-test-token' };
const TWILIO_ENV = {
  TWILIO_ACCOUNT_SID: TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: TWILIO.authToken,
  TWILIO_FROM_SMS: '+15005550006',
  TWILIO_FROM_WHATSAPP: '+14155238886',
};
const twilio = fakeTwilio(TWILIO);
const mswServer = setupServer(...twilio.handlers);

const uid = () => randomBytes(4).toString('hex');
const silentJob = (id: string, attempt: number) => ({ id, attempt, maxAttempts: 8, log: pino({ level: 'silent' }) });

describeIf(ready)('notifications', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  /** no provider configured: everything lands in the outbox */
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    // only Twilio is faked; the test's own requests to the started server go through
    mswServer.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error();
      },
    });
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterEach(() => mswServer.resetHandlers());
  afterAll(async () => {
    mswServer.close();
    await db?.close();
  });

  const deliveriesOf = (notificationId: string) =>
    deps.db.notificationDelivery.findMany({ where: { notificationId }, orderBy: { channel: 'asc' } });
  const jobOf = (deliveryId: string) => deps.db.job.findUniqueOrThrow({ where: { key: `deliver:${deliveryId}` } });
  const customerWithEmail = async () => {
    const c = await makeCustomer(deps);
    const email = `c.${uid()}@admit.test`;
    await deps.db.user.update({ where: { id: c.user.id }, data: { email } });
    return { ...c, email };
  };

  describe('without providers (development)', () => {
    it('delivers to the outbox synchronously, in the caller’s transaction, and in-app with a push', async () => {
      const c = await customerWithEmail();
      const jobsBefore = await deps.db.job.count({ where: { type: DELIVER_JOB } });
      const sent = await deps.db.$transaction((tx) =>
        notify(deps, tx, {
          userId: c.user.id,
          kind: 'event.changed',
          vars: { eventTitle: 'Nile Jazz Night', change: 'doors open at 20:00' },
        }),
      );
      // already there when notify returns: nothing waits for a worker
      const outbox = await deps.db.outboxMessage.findFirstOrThrow({ where: { recipient: c.email } });
      expect(outbox).toMatchObject({
        channel: 'EMAIL',
        template: 'event.changed',
        subject: 'Change to Nile Jazz Night',
      });
      expect(outbox.body).toContain('doors open at 20:00');
      const ds = await deliveriesOf(sent.notificationId);
      expect(ds.map((d) => [d.channel, d.status, d.provider])).toEqual([
        ['EMAIL', 'SENT', 'outbox'],
        ['IN_APP', 'SENT', 'in-app'],
      ]);
      expect(ds.find((d) => d.channel === 'EMAIL')!.providerId).toBe(outbox.id);
      expect(await deps.db.job.count({ where: { type: DELIVER_JOB } })).toBe(jobsBefore);
      // customers have no SMS for this kind unless they opt in
      expect(await deps.db.outboxMessage.count({ where: { recipient: c.user.mobile! } })).toBe(0);
      expect(sent.realtime).toEqual([
        {
          room: `user:${c.user.id}`,
          event: 'notify',
          payload: expect.objectContaining({
            notificationId: sent.notificationId,
            kind: 'event.changed',
            title: 'Change to Nile Jazz Night',
          }),
        },
      ]);
    });

    it('a rolled-back transaction leaves no notification, delivery, job or outbox message', async () => {
      const c = await customerWithEmail();
      await expect(
        deps.db.$transaction(async (tx) => {
          await notify(deps, tx, { userId: c.user.id, kind: 'event.cancelled', vars: { eventTitle: 'Gone' } });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await deps.db.notification.count({ where: { userId: c.user.id } })).toBe(0);
      expect(await deps.db.outboxMessage.count({ where: { recipient: { in: [c.email, c.user.mobile!] } } })).toBe(0);
    });

    it('one-time codes go through notify: readable in the outbox at once, never stored in clear', async () => {
      const c = await makeCustomer(deps);
      const anon = callerFor(deps, null);
      await anon.auth.login({ mobile: c.user.mobile!, password: TEST_PASSWORD });
      const code = await latestCode(deps, c.user.mobile!);
      const n = await deps.db.notification.findFirstOrThrow({
        where: { userId: c.user.id, kind: 'otp.login' },
        include: { deliveries: true },
      });
      expect(n.deliveries).toMatchObject([
        { channel: 'SMS', status: 'SENT', provider: 'outbox', recipient: c.user.mobile },
      ]);
      expect(`${n.title} ${n.body} ${JSON.stringify(n.data)}`).not.toContain(code);
      expect(n.data).toBeNull();
      // not an inbox entry
      expect((await callerFor(deps, c.actor).notifications.inbox.list({})).items).toEqual([]);
      const session = await anon.auth.verifyLoginOtp({ mobile: c.user.mobile!, code });
      expect(session.user.id).toBe(c.user.id);
    });

    it('respects preferences: a turned-off channel is SKIPPED, an opted-in one is sent, codes ignore them', async () => {
      const c = await customerWithEmail();
      const api = callerFor(deps, c.actor);
      const saved = await api.notifications.preferences.set({
        preferences: [
          { kind: '*', channel: 'EMAIL', enabled: false },
          { kind: '*', channel: 'SMS', enabled: false },
          { kind: 'event.changed', channel: 'SMS', enabled: true },
        ],
      });
      expect(saved.preferences).toHaveLength(3);
      expect(saved.kinds.find((k) => k.kind === 'otp.login')).toMatchObject({ essential: true });

      const changed = await notify(deps, deps.db, {
        userId: c.user.id,
        kind: 'event.changed',
        vars: { eventTitle: 'Opera', change: 'new venue' },
      });
      const ds = await deliveriesOf(changed.notificationId);
      expect(ds.map((d) => [d.channel, d.status])).toEqual([
        ['SMS', 'SENT'], // opted in for this kind (wins over '*')
        ['EMAIL', 'SKIPPED'], // off for every kind
        ['IN_APP', 'SENT'],
      ]);
      expect(ds.find((d) => d.channel === 'EMAIL')!.lastError).toMatch(/preferences/);
      expect(await deps.db.outboxMessage.count({ where: { recipient: c.email } })).toBe(0);
      expect(
        await deps.db.outboxMessage.count({ where: { recipient: c.user.mobile!, template: 'event.changed' } }),
      ).toBe(1);

      // the same '*' choice skips SMS for a kind that sends SMS by default
      const cancelled = await notify(deps, deps.db, {
        userId: c.user.id,
        kind: 'event.cancelled',
        vars: { eventTitle: 'Opera' },
      });
      expect((await deliveriesOf(cancelled.notificationId)).map((d) => [d.channel, d.status])).toEqual([
        ['SMS', 'SKIPPED'],
        ['EMAIL', 'SKIPPED'],
        ['IN_APP', 'SENT'],
      ]);

      // one-time codes cannot be turned off, and SMS off does not stop them
      const refused = await api.notifications.preferences
        .set({ preferences: [{ kind: 'otp.login', channel: 'SMS', enabled: false }] })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TRPCError);
      expect((refused as TRPCError).code).toBe('BAD_REQUEST');
      await callerFor(deps, null).auth.login({ mobile: c.user.mobile!, password: TEST_PASSWORD });
      expect(await latestCode(deps, c.user.mobile!)).toMatch(/^\d{6}$/);

      // IN_APP off: no push and no inbox entry
      await api.notifications.preferences.set({
        preferences: [{ kind: 'order.paid', channel: 'IN_APP', enabled: false }],
      });
      const paid = await notify(deps, deps.db, {
        userId: c.user.id,
        kind: 'order.paid',
        vars: { orderCode: 'ADM-TEST01', tickets: 1 },
      });
      expect(paid.realtime).toEqual([]);
      expect((await api.notifications.inbox.list({})).items.map((i) => i.kind)).not.toContain('order.paid');
    });

    it('settlePayment notifies order.paid in its transaction and pushes it in-app once', async () => {
      const ev = await makeEvent(deps);
      const c = await makeCustomer(deps);
      const published: RealtimeMessage[] = [];
      const api = callerFor(deps, c.actor, published);
      const order = await api.customer.tickets.book({
        eventId: ev.eventId,
        ticketCategoryId: ev.standardId,
        quantity: 2,
      });
      const intent = await api.customer.payments.process({ orderId: order.id });
      await api.customer.payments.confirm({ paymentId: intent.paymentId });
      await api.customer.payments.confirm({ paymentId: intent.paymentId }); // settles once
      const note = await deps.db.notification.findFirstOrThrow({ where: { userId: c.user.id, kind: 'order.paid' } });
      expect(note.body).toBe(`Order ${order.code}: 2 tickets ready.`);
      expect(published.filter((m) => m.event === 'notify')).toEqual([
        {
          room: `user:${c.user.id}`,
          event: 'notify',
          payload: expect.objectContaining({ notificationId: note.id, kind: 'order.paid', title: 'Payment received' }),
        },
      ]);
      expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'order.paid' } })).toBe(1);
    });
  });

  describe('with Twilio configured', () => {
    let twilioDeps: ReturnType<typeof testDeps>;
    let worker: ReturnType<typeof createWorker>;

    beforeAll(() => {
      twilioDeps = testDeps(db, TWILIO_ENV);
      twilioDeps.clock = deps.clock;
      worker = createWorker(twilioDeps);
    });

    it('queues the SMS in the transaction; a job delivers it and records the SID; a replay sends nothing', async () => {
      const c = await makeCustomer(twilioDeps);
      const anon = callerFor(twilioDeps, null);
      await anon.auth.login({ mobile: c.user.mobile!, password: TEST_PASSWORD });
      const n = await deps.db.notification.findFirstOrThrow({
        where: { userId: c.user.id, kind: 'otp.login' },
        include: { deliveries: true },
      });
      const [delivery] = n.deliveries;
      expect(delivery).toMatchObject({ channel: 'SMS', status: 'PENDING', attempts: 0 });
      expect(await jobOf(delivery!.id)).toMatchObject({ type: DELIVER_JOB, status: 'PENDING' });
      // nothing in the outbox: it goes to Twilio
      await expect(latestCode(deps, c.user.mobile!)).rejects.toThrow(/no code/);

      const before = twilio.sent.length;
      await worker.tick();
      const sms = twilio.sent.slice(before);
      expect(sms).toHaveLength(1);
      expect(sms[0]).toMatchObject({ to: c.user.mobile, from: TWILIO_ENV.TWILIO_FROM_SMS });
      const code = sms[0]!.body.match(/\b(\d{6})\b/)![1]!;
      const after = await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
      expect(after).toMatchObject({ status: 'SENT', provider: 'twilio', providerId: sms[0]!.sid, attempts: 1 });
      expect(after.providerId).toMatch(/^SM[0-9a-f]{32}$/);
      expect(await jobOf(delivery!.id)).toMatchObject({ status: 'SUCCEEDED' });
      // the code is forgotten once delivered
      expect((await deps.db.notification.findUniqueOrThrow({ where: { id: n.id } })).data).toBeNull();

      // replays: the same job run again (a worker died before recording success), a direct call
      await deps.db.job.update({ where: { key: `deliver:${delivery!.id}` }, data: { status: 'PENDING' } });
      await worker.tick();
      await deliverNotification(twilioDeps, { deliveryId: delivery!.id }, silentJob('replay', 1));
      expect(twilio.sent.length).toBe(before + 1);
      expect(await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
        status: 'SENT',
        attempts: 1,
        providerId: sms[0]!.sid,
      });

      const session = await anon.auth.verifyLoginOtp({ mobile: c.user.mobile!, code });
      expect(session.user.id).toBe(c.user.id);
    });

    it('sends WhatsApp with whatsapp: addresses when the user opts in', async () => {
      const c = await makeCustomer(twilioDeps);
      await callerFor(twilioDeps, c.actor).notifications.preferences.set({
        preferences: [{ kind: '*', channel: 'WHATSAPP', enabled: true }],
      });
      const sent = await notify(twilioDeps, deps.db, {
        userId: c.user.id,
        kind: 'ticket.received',
        vars: { eventTitle: 'Derby', fromName: 'Omar', tickets: 2 },
      });
      const wa = sent.deliveries.find((d) => d.channel === 'WHATSAPP')!;
      expect(wa.status).toBe('PENDING');
      const before = twilio.sent.length;
      await worker.tick();
      expect(twilio.sent.slice(before)).toEqual([
        expect.objectContaining({
          to: `whatsapp:${c.user.mobile}`,
          from: `whatsapp:${TWILIO_ENV.TWILIO_FROM_WHATSAPP}`,
          body: expect.stringContaining('Omar transferred 2 tickets for Derby'),
        }),
      ]);
      expect(await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: wa.id } })).toMatchObject({
        status: 'SENT',
        provider: 'twilio',
      });
    });

    it('a failing provider (500) is retried with backoff, ends DEAD in the dead-letter view, and nothing is lost', async () => {
      mswServer.use(twilioDown());
      const c = await makeCustomer(twilioDeps);
      const sent = await notify(twilioDeps, deps.db, {
        userId: c.user.id,
        kind: 'event.cancelled',
        vars: { eventTitle: 'Rain Concert', refundNote: 'Refunds are on their way.' },
      });
      const sms = sent.deliveries.find((d) => d.channel === 'SMS')!;
      const job = await jobOf(sms.id);
      expect(job.maxAttempts).toBe(DELIVERY_MAX_ATTEMPTS);

      const gaps: number[] = [];
      for (let attempt = 1; attempt <= DELIVERY_MAX_ATTEMPTS; attempt++) {
        await worker.tick();
        const d = await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: sms.id } });
        const j = await jobOf(sms.id);
        expect(d.attempts).toBe(attempt);
        expect(d.lastError).toMatch(/500/);
        if (attempt < DELIVERY_MAX_ATTEMPTS) {
          expect(d.status).toBe('FAILED');
          expect(j.status).toBe('PENDING');
          const gap = j.runAt.getTime() - deps.clock.now().getTime();
          gaps.push(gap);
          // not due yet: a tick now does not retry it
          await worker.tick();
          expect((await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: sms.id } })).attempts).toBe(
            attempt,
          );
          deps.clock.advance(gap + 1);
        } else {
          expect(d.status).toBe('DEAD');
          expect(j.status).toBe('DEAD');
        }
      }
      // exponential: each wait is about twice the one before (±20 % jitter)
      // (the gap is measured a moment after the failure, hence the small allowance below)
      gaps.forEach((gap, i) => {
        expect(gap).toBeGreaterThanOrEqual(0.8 * 1000 * 2 ** i - 250);
        expect(gap).toBeLessThanOrEqual(1.2 * 1000 * 2 ** i);
      });

      // the admins see it among the dead letters, with the error
      const admin = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          adminLevel: 'SUPPORT',
          email: `support.${uid()}@admit.test`,
          firstName: 'Sara',
          lastName: 'Support',
          passwordHash: 'x',
        },
      });
      const adminApi = callerFor(deps, (await signIn(deps, admin.id)).actor);
      const dead = await adminApi.admin.notifications.deliveries({ status: 'DEAD', channel: 'SMS' });
      expect(dead.items.find((d) => d.id === sms.id)).toMatchObject({
        kind: 'event.cancelled',
        userId: c.user.id,
        status: 'DEAD',
        attempts: DELIVERY_MAX_ATTEMPTS,
        provider: 'twilio',
        lastError: expect.stringMatching(/500/),
      });
      expect(dead.items.every((d) => d.status === 'DEAD' && d.channel === 'SMS')).toBe(true);

      // nothing lost: Twilio is back, an admin retries the dead job, the same SMS goes out once
      mswServer.resetHandlers();
      expect(await retryDeadJob(deps.db, job.id, deps.clock.now())).toBe(true);
      const before = twilio.sent.length;
      await worker.tick();
      expect(twilio.sent.slice(before)).toEqual([
        expect.objectContaining({
          to: c.user.mobile,
          body: expect.stringContaining('Rain Concert has been cancelled'),
        }),
      ]);
      expect(await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: sms.id } })).toMatchObject({
        status: 'SENT',
        lastError: null,
      });
    });

    it('a provider that times out is retried and ends DEAD after the job’s limit', async () => {
      mswServer.use(twilioHangs());
      const fast = { ...twilioDeps, providers: providersFromConfig(twilioDeps.config, { timeoutMs: 150 }) };
      const fastWorker = createWorker(fast);
      const c = await makeCustomer(fast);
      const sent = await notify(fast, deps.db, {
        userId: c.user.id,
        kind: 'event.cancelled',
        vars: { eventTitle: 'Sandstorm' },
      });
      const sms = sent.deliveries.find((d) => d.channel === 'SMS')!;
      // this job's own limit decides when the delivery is dead
      await deps.db.job.update({ where: { key: `deliver:${sms.id}` }, data: { maxAttempts: 3 } });
      for (let attempt = 1; attempt <= 3; attempt++) {
        await fastWorker.tick();
        const d = await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: sms.id } });
        expect(d).toMatchObject({ attempts: attempt, status: attempt < 3 ? 'FAILED' : 'DEAD' });
        expect(d.lastError).toMatch(/timeout/i);
        deps.clock.advance(2 * 3_600_000);
      }
      expect(await jobOf(sms.id)).toMatchObject({ status: 'DEAD', attempts: 3 });
    });
  });

  it('e-mail goes through nodemailer with escaped HTML and the Message-ID as provider id', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const sendMail = vi.spyOn(transport, 'sendMail');
    const mailDeps = {
      ...deps,
      providers: { EMAIL: emailProvider(transport, 'Admit <no-reply@admit.test>', 'stream') },
    };
    const worker = createWorker(mailDeps);
    const c = await customerWithEmail();
    const sent = await notify(mailDeps, deps.db, {
      userId: c.user.id,
      kind: 'event.changed',
      vars: { eventTitle: '<script>alert(1)</script> Live', change: 'new "time" & <b>place</b>' },
    });
    const email = sent.deliveries.find((d) => d.channel === 'EMAIL')!;
    expect(email.status).toBe('PENDING');
    await worker.tick();

    expect(sendMail).toHaveBeenCalledTimes(1);
    const mail = sendMail.mock.calls[0]![0] as { to: string; subject: string; html: string; text: string };
    expect(mail.to).toBe(c.email);
    expect(mail.subject).toBe('Change to <script>alert(1)</script> Live'); // a header, not HTML
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>place</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Live');
    expect(mail.html).toContain('new &quot;time&quot; &amp; &lt;b&gt;place&lt;/b&gt;');
    const info = (await sendMail.mock.results[0]!.value) as { messageId: string; message: Buffer };
    expect(info.message.toString()).toMatch(/Content-Type: text\/html/);
    expect(await deps.db.notificationDelivery.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: 'SENT',
      provider: 'stream',
      providerId: info.messageId,
    });
  });

  it('inbox: own entries only, newest first, read/unread; another user’s ids are refused', async () => {
    const alice = await makeCustomer(deps, { firstName: 'Alice' });
    const bob = await makeCustomer(deps, { firstName: 'Bob' });
    const ids: string[] = [];
    for (const eventTitle of ['First', 'Second', 'Third']) {
      ids.push(
        (
          await notify(deps, deps.db, {
            userId: alice.user.id,
            kind: 'ticket.received',
            vars: { eventTitle, fromName: 'Omar', tickets: 1 },
          })
        ).notificationId,
      );
      deps.clock.advance(1000);
    }
    await notify(deps, deps.db, {
      userId: bob.user.id,
      kind: 'refund.issued',
      vars: { orderCode: 'ADM-BOB001', amountMinor: 45_000, currency: 'EGP' },
    });
    const aliceApi = callerFor(deps, alice.actor);
    const bobApi = callerFor(deps, bob.actor);

    const page = await aliceApi.notifications.inbox.list({ page: 1, pageSize: 2 });
    expect(page).toMatchObject({ total: 3, totalPages: 2, unread: 3 });
    expect(page.items.map((i) => i.title)).toEqual(['Omar sent you a ticket', 'Omar sent you a ticket']);
    expect(page.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect((await bobApi.notifications.inbox.list({})).items.map((i) => i.kind)).toEqual(['refund.issued']);

    // Bob cannot mark Alice's entries, not even mixed with his own
    const bobsOwn = (await bobApi.notifications.inbox.list({})).items[0]!.id;
    for (const attempt of [[ids[0]!], [bobsOwn, ids[0]!]]) {
      const err = await bobApi.notifications.inbox.markRead({ ids: attempt }).catch((e: unknown) => e);
      expect((err as TRPCError).code).toBe('NOT_FOUND');
    }
    expect((await aliceApi.notifications.inbox.list({})).unread).toBe(3);
    expect((await bobApi.notifications.inbox.list({})).unread).toBe(1);

    expect(await aliceApi.notifications.inbox.markRead({ ids: [ids[0]!] })).toEqual({ marked: 1 });
    expect(await aliceApi.notifications.inbox.markRead({ ids: [ids[0]!] })).toEqual({ marked: 0 });
    const afterOne = await aliceApi.notifications.inbox.list({});
    expect(afterOne.unread).toBe(2);
    expect(afterOne.items.find((i) => i.id === ids[0])!.readAt).toBeInstanceOf(Date);
    expect(await aliceApi.notifications.inbox.markAllRead({})).toEqual({ marked: 2 });
    expect((await aliceApi.notifications.inbox.list({})).unread).toBe(0);
    expect((await bobApi.notifications.inbox.list({})).unread).toBe(1);

    // the same over REST, with a bearer token
    const server = await startTestServer(deps);
    try {
      const { token } = await signIn(deps, bob.user.id);
      const auth = { authorization: `Bearer ${token}` };
      const res = await fetch(`${server.url}/api/v1/users/notifications/?page=1&pageSize=5`, { headers: auth });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ total: 1, unread: 1, items: [{ kind: 'refund.issued' }] });
      const refused = await fetch(`${server.url}/api/v1/users/notifications/read/`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ ids: [ids[1]] }),
      });
      expect(refused.status).toBe(404);
      const prefs = await fetch(`${server.url}/api/v1/users/notifications/preferences/`, { headers: auth });
      expect(prefs.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('dev.mailbox lists the outbox newest first, with the HTML of e-mails that still have their content', async () => {
    const c = await customerWithEmail();
    await notify(deps, deps.db, {
      userId: c.user.id,
      kind: 'refund.issued',
      vars: { orderCode: 'ADM-MAIL01', amountMinor: 12_345, currency: 'EGP' },
    });
    await new Promise((r) => setTimeout(r, 20)); // outbox rows carry the database's time
    await notify(deps, deps.db, {
      userId: c.user.id,
      to: { email: c.email },
      kind: 'otp.password_reset',
      vars: { code: '654321', minutes: 10 },
      channels: ['EMAIL'],
    });
    const box = await callerFor(deps, null).dev.mailbox({ recipient: c.email });
    expect(box.items.map((m) => m.template)).toEqual(['otp.password_reset', 'refund.issued']);
    expect(box.items[0]).toMatchObject({ channel: 'EMAIL', html: null, body: expect.stringContaining('654321') });
    expect(box.items[1]!.html).toContain('EGP');
    expect(box.items[1]!.html).toContain('ADM-MAIL01');
    const all = await callerFor(deps, null).dev.mailbox({ channel: 'SMS', pageSize: 5 });
    expect(all.items.every((m) => m.channel === 'SMS')).toBe(true);
    expect(all.pageSize).toBe(5);
  });

  it('buying tickets puts "Payment received" in the buyer’s inbox', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    await buyTickets(deps, c.actor, ev, 1);
    const inbox = await callerFor(deps, c.actor).notifications.inbox.list({});
    expect(inbox.items).toMatchObject([{ kind: 'order.paid', title: 'Payment received', readAt: null }]);
  });
});
