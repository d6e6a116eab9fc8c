/**
 * Access is proven from the router tree itself (issue 3 "Tests that must pass in CI"):
 *
 * 1. Role matrix: every procedure of `appRouter` is classified below; each one is called with no
 *    session and with a session of every role (and every admin sub-role). The test fails if a
 *    procedure answers a caller it is not meant for, refuses one it is meant for, or exists
 *    without a classification.
 * 2. Object-level access: every procedure that takes an id is called with another user's id and
 *    must refuse (NOT_FOUND / FORBIDDEN) without revealing or changing anything. Procedures with
 *    id-like inputs must appear there or in the reviewed exemption list.
 * 3. A dump of the sessions table cannot authenticate anything.
 */
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import { hashPassword } from '../auth/password.ts';
import { validateSessionToken } from '../auth/sessions.ts';
import { ADMIN_PERMISSIONS, type AdminLevel, type AdminPermission } from '../modules/admin/permissions.ts';
import { makeMerchant, makePaidCardRequest, makeStockCards } from '../modules/merchant/merchant-fixtures.ts';
import { seatEvent } from '../modules/seating/seating-fixtures.ts';
import { appRouter, productionRouter } from './router.ts';

type Role = 'CUSTOMER' | 'ORGANIZER' | 'MERCHANT' | 'USHER' | 'PRACTITIONER' | 'ADMIN';
type Access = 'public' | 'dev' | 'authed' | Exclude<Role, 'ADMIN'> | `admin:${AdminPermission}`;

/** Every procedure and who may call it. A new procedure must be added here or this test fails. */
const ACCESS: Record<string, Access> = {
  'public.events.list': 'public',
  'public.events.featured': 'public',
  'public.events.categories': 'public',
  'public.events.get': 'public',
  'public.seating.map': 'public',
  'customer.seating.hold': 'CUSTOMER',
  'customer.seating.release': 'CUSTOMER',
  'customer.seating.book': 'CUSTOMER',
  'admin.seatMaps.list': 'admin:catalog.read',
  'admin.seatMaps.get': 'admin:catalog.read',
  'admin.seatMaps.create': 'admin:catalog.write',
  'admin.seatMaps.update': 'admin:catalog.write',
  'admin.seatMaps.delete': 'admin:catalog.write',
  'admin.seatMaps.assignToEvent': 'admin:catalog.write',
  'public.raffles.list': 'public',
  'public.raffles.get': 'public',
  'customer.raffles.buy': 'CUSTOMER',
  'customer.raffles.freeEntry': 'CUSTOMER',
  'customer.raffles.myEntries': 'CUSTOMER',
  'customer.raffles.history': 'CUSTOMER',
  'customer.raffles.stats': 'CUSTOMER',
  'admin.raffles.list': 'admin:raffles.read',
  'admin.raffles.get': 'admin:raffles.read',
  'admin.raffles.create': 'admin:raffles.write',
  'admin.raffles.update': 'admin:raffles.write',
  'admin.raffles.publish': 'admin:raffles.write',
  'admin.raffles.cancel': 'admin:raffles.write',
  'admin.raffles.close': 'admin:raffles.write',
  'admin.raffles.commit': 'admin:raffles.write',
  'admin.raffles.draw': 'admin:raffles.write',
  'admin.raffles.winners': 'admin:raffles.read',
  'public.raffles.verification': 'public',
  'customer.raffles.claim': 'CUSTOMER',
  'auth.register': 'public',
  'auth.verifyOtp': 'public',
  'auth.login': 'public',
  'auth.verifyLoginOtp': 'public',
  'auth.usherLogin': 'public',
  'auth.forgotPassword': 'public',
  'auth.resetPassword': 'public',
  'auth.token': 'public',
  'auth.organizer.login': 'public',
  'auth.organizer.verifyOtp': 'public',
  'auth.organizer.forgotPassword': 'public',
  'auth.organizer.resetPassword': 'public',
  'auth.merchant.login': 'public',
  'auth.merchant.verifyOtp': 'public',
  'auth.merchant.forgotPassword': 'public',
  'auth.merchant.resetPassword': 'public',
  'auth.admin.login': 'public',
  'auth.admin.verifyOtp': 'public',
  'auth.admin.forgotPassword': 'public',
  'auth.admin.resetPassword': 'public',
  'auth.practitioner.login': 'public',
  'auth.practitioner.forgotPassword': 'public',
  'auth.practitioner.resetPassword': 'public',
  'auth.me': 'authed',
  'auth.logout': 'authed',
  'auth.refresh': 'authed',
  'auth.changePassword': 'authed',
  'auth.sessions.list': 'authed',
  'auth.sessions.revoke': 'authed',
  'auth.sessions.revokeOthers': 'authed',
  'customer.me': 'CUSTOMER',
  'customer.tickets.book': 'CUSTOMER',
  'customer.tickets.list': 'CUSTOMER',
  'customer.tickets.get': 'CUSTOMER',
  'customer.tickets.qrCode': 'CUSTOMER',
  'customer.orders.get': 'CUSTOMER',
  'customer.orders.cancel': 'CUSTOMER',
  'customer.orders.list': 'CUSTOMER',
  'customer.orders.receipt': 'CUSTOMER',
  'customer.payments.process': 'CUSTOMER',
  'customer.payments.confirm': 'CUSTOMER',
  'customer.paymentMethods.list': 'CUSTOMER',
  'customer.paymentMethods.setup': 'CUSTOMER',
  'customer.paymentMethods.confirmSetup': 'CUSTOMER',
  'customer.paymentMethods.remove': 'CUSTOMER',
  'customer.paymentMethods.setDefault': 'CUSTOMER',
  'customer.paymentHistory': 'CUSTOMER',
  'customer.tickets.refundRequest': 'CUSTOMER',
  'customer.refundRequests.list': 'CUSTOMER',
  'customer.refundRequests.withdraw': 'CUSTOMER',
  'customer.refundRequests.quote': 'CUSTOMER',
  'customer.privacy.export': 'CUSTOMER',
  'customer.privacy.erase': 'CUSTOMER',
  'customer.profile.get': 'CUSTOMER',
  'customer.profile.update': 'CUSTOMER',
  'customer.tickets.transfer': 'CUSTOMER',
  'customer.tickets.gift': 'CUSTOMER',
  'customer.transfers.incoming': 'CUSTOMER',
  'customer.transfers.outgoing': 'CUSTOMER',
  'customer.transfers.accept': 'CUSTOMER',
  'customer.transfers.decline': 'CUSTOMER',
  'customer.transfers.cancel': 'CUSTOMER',
  'customer.dependents.list': 'CUSTOMER',
  'customer.dependents.create': 'CUSTOMER',
  'customer.dependents.update': 'CUSTOMER',
  'customer.dependents.delete': 'CUSTOMER',
  'customer.favorites.list': 'CUSTOMER',
  'customer.favorites.add': 'CUSTOMER',
  'customer.favorites.get': 'CUSTOMER',
  'customer.favorites.remove': 'CUSTOMER',
  'customer.analytics': 'CUSTOMER',
  'organizer.me': 'ORGANIZER',
  'organizer.profile.get': 'ORGANIZER',
  'organizer.profile.update': 'ORGANIZER',
  'organizer.dashboard.stats': 'ORGANIZER',
  'organizer.events.list': 'ORGANIZER',
  'organizer.events.get': 'ORGANIZER',
  'organizer.events.editRequest': 'ORGANIZER',
  'organizer.editRequests.list': 'ORGANIZER',
  'organizer.editRequests.get': 'ORGANIZER',
  'admin.editRequests.list': 'admin:catalog.read',
  'admin.editRequests.get': 'admin:catalog.read',
  'admin.editRequests.approve': 'admin:catalog.write',
  'admin.editRequests.reject': 'admin:catalog.write',
  'organizer.changePassword': 'ORGANIZER',
  'organizer.payouts.list': 'ORGANIZER',
  'organizer.payouts.get': 'ORGANIZER',
  'organizer.payouts.invoice': 'ORGANIZER',
  'organizer.events.settlement': 'ORGANIZER',
  'organizer.refundPolicy.get': 'ORGANIZER',
  'organizer.refundPolicy.update': 'ORGANIZER',
  'organizer.refundRequests.list': 'ORGANIZER',
  'organizer.refundRequests.approve': 'ORGANIZER',
  'organizer.refundRequests.reject': 'ORGANIZER',
  'organizer.events.cancel': 'ORGANIZER',
  'merchant.settings': 'MERCHANT',
  'merchant.logout': 'MERCHANT',
  'merchant.changePassword': 'MERCHANT',
  'merchant.changeMobile': 'MERCHANT',
  'merchant.verifyMobileChange': 'MERCHANT',
  'merchant.dashboardStats': 'MERCHANT',
  'merchant.verifyCustomer': 'MERCHANT',
  'merchant.sendCustomerOtp': 'MERCHANT',
  'merchant.assignCard': 'MERCHANT',
  'merchant.verifyCustomerOtp': 'MERCHANT',
  'merchant.cancelAssignment': 'MERCHANT',
  'merchant.cards.list': 'MERCHANT',
  'merchant.cards.charge': 'MERCHANT',
  // NFC cards (modules/nfc; seed 003 Plan 1 Phase 5, Plan 2 Phase 6)
  'customer.nfcCards.request': 'CUSTOMER',
  'customer.nfcCards.list': 'CUSTOMER',
  'customer.nfcCards.reload': 'CUSTOMER',
  'customer.nfcCards.transactions': 'CUSTOMER',
  'customer.nfcCards.autoReloadSettings': 'CUSTOMER',
  'customer.nfcCards.block': 'CUSTOMER',
  'customer.nfcCards.reportLost': 'CUSTOMER',
  'admin.nfcCards.list': 'admin:cards.read',
  'admin.nfcCards.exportCsv': 'admin:cards.read',
  'admin.nfcCards.get': 'admin:cards.read',
  'admin.nfcCards.create': 'admin:cards.write',
  'admin.nfcCards.update': 'admin:cards.write',
  'admin.nfcCards.bulk': 'admin:cards.write',
  'admin.nfcCards.transfer': 'admin:cards.write',
  'admin.nfcCards.block': 'admin:cards.write',
  'admin.nfcCards.reportLost': 'admin:cards.write',
  'admin.nfcCards.moveBalance': 'admin:cards.write',
  'admin.nfcCards.requests': 'admin:cards.read',
  'merchant.updateSettings': 'MERCHANT',
  'usher.events.list': 'USHER',
  'usher.events.get': 'USHER',
  'usher.events.validateAssignment': 'USHER',
  'usher.events.status': 'USHER',
  'usher.events.gateCounts': 'USHER',
  'usher.scan.result': 'USHER',
  'usher.scan.verifyCard': 'USHER',
  'usher.scan.card': 'USHER',
  'usher.scan.logs': 'USHER',
  'usher.scan.searchLogs': 'USHER',
  'usher.scan.log': 'USHER',
  'usher.logout': 'USHER',
  'usher.scan.record': 'USHER',
  'usher.scan.validateCard': 'USHER',
  'usher.scan.attendee': 'USHER',
  'usher.scan.attendeeForEvent': 'USHER',
  'usher.scan.partTimeLeave': 'USHER',
  'usher.scan.partTimeLeaveHistory': 'USHER',
  'usher.scan.report': 'USHER',
  'usher.scan.reports': 'USHER',
  'usher.sync.attendees': 'USHER',
  'usher.sync.cards': 'USHER',
  'usher.sync.revocations': 'USHER',
  'usher.sync.logs': 'USHER',
  'usher.sync.status': 'USHER',
  'usher.nfc.status': 'USHER',
  'usher.nfc.test': 'USHER',
  'practitioner.me': 'PRACTITIONER',
  'notifications.inbox.list': 'authed',
  'notifications.inbox.markRead': 'authed',
  'notifications.inbox.markAllRead': 'authed',
  'notifications.preferences.get': 'authed',
  'notifications.preferences.set': 'authed',
  'admin.notifications.deliveries': 'admin:users.read',
  'admin.me': 'admin:users.read',
  'admin.users.list': 'admin:users.read',
  'admin.users.get': 'admin:users.read',
  'admin.users.disable': 'admin:users.write',
  'admin.users.enable': 'admin:users.write',
  'admin.users.revokeSessions': 'admin:users.write',
  'admin.admins.create': 'admin:admins.manage',
  'admin.payouts.list': 'admin:money.read',
  'admin.payouts.get': 'admin:money.read',
  'admin.payouts.settlement': 'admin:money.read',
  'admin.payouts.create': 'admin:money.write',
  'admin.payouts.markPaid': 'admin:money.write',
  'admin.payouts.cancel': 'admin:money.write',
  'admin.finances.expenses.list': 'admin:money.read',
  'admin.finances.expenses.create': 'admin:money.write',
  'admin.finances.deposits.list': 'admin:money.read',
  'admin.finances.deposits.create': 'admin:money.write',
  'admin.finances.profitWithdrawals.list': 'admin:money.read',
  'admin.finances.profitWithdrawals.create': 'admin:money.write',
  'admin.finances.profitShares.list': 'admin:money.read',
  'admin.finances.profitShares.create': 'admin:money.write',
  'admin.finances.settlements.list': 'admin:money.read',
  'admin.finances.settlements.create': 'admin:money.write',
  'admin.finances.company': 'admin:money.read',
  'admin.finances.ledger.accounts': 'admin:money.read',
  'admin.finances.ledger.entries': 'admin:money.read',
  'admin.finances.ledger.check': 'admin:money.read',
  'admin.refunds.list': 'admin:money.read',
  'admin.refunds.get': 'admin:money.read',
  'admin.refunds.create': 'admin:money.write',
  'admin.refunds.requests.list': 'admin:money.read',
  'admin.refunds.requests.approve': 'admin:money.write',
  'admin.refunds.requests.reject': 'admin:money.write',
  'admin.events.cancel': 'admin:money.write',
  // admin back office: events, tickets, venues, gates (modules/catalog)
  'admin.catalog.events.list': 'admin:catalog.read',
  'admin.catalog.events.get': 'admin:catalog.read',
  'admin.catalog.events.options': 'admin:catalog.read',
  'admin.catalog.events.exportCsv': 'admin:catalog.read',
  'admin.catalog.events.create': 'admin:catalog.write',
  'admin.catalog.events.update': 'admin:catalog.write',
  'admin.catalog.events.delete': 'admin:catalog.write',
  'admin.catalog.events.publish': 'admin:catalog.write',
  'admin.catalog.events.unpublish': 'admin:catalog.write',
  'admin.catalog.events.setScanning': 'admin:catalog.write',
  'admin.catalog.tickets.list': 'admin:catalog.read',
  'admin.catalog.tickets.get': 'admin:catalog.read',
  'admin.catalog.tickets.exportCsv': 'admin:catalog.read',
  'admin.catalog.tickets.update': 'admin:catalog.write',
  'admin.catalog.tickets.checkIn': 'admin:catalog.write',
  'admin.catalog.tickets.transfer': 'admin:catalog.write',
  'admin.catalog.venues.list': 'admin:catalog.read',
  'admin.catalog.venues.get': 'admin:catalog.read',
  'admin.catalog.venues.exportCsv': 'admin:catalog.read',
  'admin.catalog.venues.create': 'admin:catalog.write',
  'admin.catalog.venues.update': 'admin:catalog.write',
  'admin.catalog.venues.delete': 'admin:catalog.write',
  'admin.catalog.venues.gates.create': 'admin:catalog.write',
  'admin.catalog.venues.gates.update': 'admin:catalog.write',
  'admin.catalog.venues.gates.delete': 'admin:catalog.write',
  'admin.admins.setLevel': 'admin:admins.manage',
  'admin.audit.list': 'admin:audit.read',
  'admin.audit.exportCsv': 'admin:audit.read',
  'admin.logs.system': 'admin:audit.read',
  'admin.logs.systemCsv': 'admin:audit.read',
  'admin.jobs.list': 'admin:audit.read',
  'admin.jobs.retry': 'admin:users.write',
  // admin back office: people, dashboard, analytics, check-in logs (modules/backoffice)
  'admin.dashboard.stats': 'admin:analytics.read',
  'admin.analytics.revenue': 'admin:analytics.read',
  'admin.analytics.users': 'admin:analytics.read',
  'admin.analytics.cards': 'admin:analytics.read',
  'admin.analytics.eventCategories': 'admin:analytics.read',
  'admin.customers.list': 'admin:users.read',
  'admin.customers.get': 'admin:users.read',
  'admin.customers.update': 'admin:users.write',
  'admin.customers.exportCsv': 'admin:users.read',
  'admin.organizers.list': 'admin:users.read',
  'admin.organizers.exportCsv': 'admin:users.read',
  'admin.merchants.list': 'admin:users.read',
  'admin.merchants.exportCsv': 'admin:users.read',
  'admin.ushers.list': 'admin:users.read',
  'admin.ushers.exportCsv': 'admin:users.read',
  'admin.ushers.assignments.create': 'admin:users.write',
  'admin.ushers.assignments.remove': 'admin:users.write',
  'admin.users.create': 'admin:users.write',
  'admin.users.update': 'admin:users.write',
  'admin.users.delete': 'admin:users.write',
  'admin.logs.checkin': 'admin:catalog.read',
  'admin.logs.checkinCsv': 'admin:catalog.read',
  'dev.outbox': 'dev',
  'dev.mailbox': 'dev',
  'dev.advanceClock': 'dev',
};

interface Caller {
  name: string;
  role: Role | null;
  level?: AdminLevel;
  userId?: string;
  eventId?: string;
}

function allowed(access: Access, c: Caller): boolean {
  if (access === 'public' || access === 'dev') return true;
  if (!c.role) return false;
  if (access === 'authed') return true;
  if (access.startsWith('admin:')) {
    const perm = access.slice(6) as AdminPermission;
    return c.role === 'ADMIN' && (ADMIN_PERMISSIONS[perm] as readonly string[]).includes(c.level!);
  }
  return c.role === access;
}

const procedures = () =>
  (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }).procedures;

async function call(caller: ReturnType<typeof callerFor>, path: string, input: unknown): Promise<string> {
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    await fn(input);
    return 'OK';
  } catch (err) {
    return err instanceof TRPCError ? err.code : `THROWN:${(err as Error).message}`;
  }
}

const ready = await integrationDbReady();

describeIf(ready)('access control from the router tree', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;
  const callers: Caller[] = [{ name: 'anonymous', role: null }];

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps);
    const passwordHash = await hashPassword('irrelevant-1');
    const mk = async (role: Role, extra: Record<string, unknown> = {}) =>
      deps.db.user.create({ data: { role, firstName: role, lastName: 'Matrix', passwordHash, ...extra } });
    callers.push({ name: 'customer', role: 'CUSTOMER', userId: (await makeCustomer(deps)).user.id });
    callers.push({
      name: 'organizer',
      role: 'ORGANIZER',
      userId: (await mk('ORGANIZER', { mobile: '+201230000001', organizerId: ev.organizerId })).id,
    });
    callers.push({
      name: 'merchant',
      role: 'MERCHANT',
      userId: (await mk('MERCHANT', { mobile: '+201230000002' })).id,
    });
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    callers.push({ name: 'usher', role: 'USHER', userId: usher.user.id, eventId: ev.eventId });
    callers.push({
      name: 'practitioner',
      role: 'PRACTITIONER',
      userId: (await mk('PRACTITIONER', { email: 'p@matrix.test' })).id,
    });
    for (const level of ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'] as const) {
      const u = await mk('ADMIN', { email: `${level.toLowerCase()}@matrix.test`, adminLevel: level });
      callers.push({ name: `admin(${level})`, role: 'ADMIN', level, userId: u.id });
    }
  });
  afterAll(() => db?.close());

  it('classifies every procedure (a new one must be added to ACCESS)', () => {
    expect(Object.keys(procedures()).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  it('serves no dev procedure in production', () => {
    const prod = Object.keys((productionRouter._def as unknown as { procedures: object }).procedures);
    expect(prod.filter((p) => p.startsWith('dev.'))).toEqual([]);
    expect(prod.length).toBe(Object.keys(ACCESS).filter((p) => !p.startsWith('dev.')).length);
  });

  it('answers each procedure only to the callers it is meant for', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [path, access] of Object.entries(ACCESS)) {
      for (const c of callers) {
        // a fresh session per call: logout/refresh/revocations must not leak into other calls
        const actor = c.userId ? (await signIn(deps, c.userId, c.eventId)).actor : null;
        // `{}` is invalid for most procedures: meant callers get past the gate to BAD_REQUEST
        const code = await call(callerFor(deps, actor), path, path === 'dev.advanceClock' ? { minutes: 0 } : {});
        const refused = code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
        const expectRefusal = !allowed(access, c);
        checked++;
        if (code.startsWith('THROWN')) wrong.push(`${path} as ${c.name}: ${code}`);
        else if (expectRefusal && !refused) wrong.push(`${path} as ${c.name}: reachable (${code})`);
        else if (expectRefusal && !c.role && code !== 'UNAUTHORIZED')
          wrong.push(`${path} as anonymous: ${code}, want UNAUTHORIZED`);
        else if (expectRefusal && c.role && code !== 'FORBIDDEN')
          wrong.push(`${path} as ${c.name}: ${code}, want FORBIDDEN`);
        else if (!expectRefusal && refused) wrong.push(`${path} as ${c.name}: refused (${code})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(Object.keys(ACCESS).length * callers.length);
    // ~420 procedures × 11 callers, each with a fresh session: ~50 s on a busy 2-core machine
  }, 240_000);

  /**
   * Procedures whose input names an object by id, and what happens when another user's id is
   * passed. Exempt (reviewed): public.events.get (public data); admin.* (platform-wide by role,
   * sub-roles covered by the matrix and admin-rbac tests); usher.events.validateAssignment
   * answers `assigned: false` (checked below); usher.scan.card / logs / searchLogs take a card UID
   * read at the gate or a search filter, both answered within the usher's own event.
   */
  it('refuses another user’s objects on every id-taking procedure, without changing them', async () => {
    const alice = await makeCustomer(deps, { firstName: 'Alice' });
    const bob = await makeCustomer(deps, { firstName: 'Bob' });
    const [ticket] = await buyTickets(deps, alice.actor, ev, 1);
    const aliceApi = callerFor(deps, alice.actor);
    const pending = await aliceApi.customer.tickets.book({
      eventId: ev.eventId,
      ticketCategoryId: ev.standardId,
      quantity: 1,
    });
    const intent = await aliceApi.customer.payments.process({ orderId: pending.id });
    const aliceSetup = await aliceApi.customer.paymentMethods.setup({});
    const aliceCard = await aliceApi.customer.paymentMethods.confirmSetup({ setupRef: aliceSetup.setupRef });
    const otherEvent = await makeEvent(deps);
    const otherUsher = await makeUsher(deps, otherEvent.eventId, otherEvent.gateIds[0]!, otherEvent.organizerId);
    const otherCustomer = await makeCustomer(deps);
    const [otherTicket] = await buyTickets(deps, otherCustomer.actor, otherEvent, 1);
    const otherScan = await callerFor(deps, otherUsher.actor).usher.scan.result({ qr: otherTicket!.qrPayload });
    const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);
    const aliceSession = (await signIn(deps, alice.user.id)).actor.session.id;
    // Alice's "Payment received" inbox entry
    const aliceNote = await deps.db.notification.findFirstOrThrow({
      where: { userId: alice.user.id, kind: 'order.paid' },
      select: { id: true },
    });

    // refunds: Alice's pending request; another organizer's event and request
    const aliceRequest = await deps.db.refundRequest.create({
      data: {
        orderId: (await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).orderId,
        customerId: alice.user.id,
        ticketIds: [ticket!.id],
        eventId: ev.eventId,
        reason: 'Cannot come',
        amountMinor: 45_000,
        currency: 'EGP',
      },
    });
    const otherRequest = await deps.db.refundRequest.create({
      data: {
        orderId: (await deps.db.ticket.findUniqueOrThrow({ where: { id: otherTicket!.id } })).orderId,
        customerId: otherCustomer.user.id,
        ticketIds: [otherTicket!.id],
        eventId: otherEvent.eventId,
        reason: 'Cannot come',
        amountMinor: 45_000,
        currency: 'EGP',
      },
    });
    const organizerApi = callerFor(
      deps,
      (await signIn(deps, callers.find((c) => c.name === 'organizer')!.userId!)).actor,
    );

    // books: Alice's paid order (receipt); another organizer's payout and event
    const alicePaidOrderId = (await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).orderId;
    const otherPayout = await deps.db.payout.create({
      data: {
        reference: 'PO-2026-999999',
        organizerId: otherEvent.organizerId,
        eventId: otherEvent.eventId,
        currency: 'EGP',
        grossMinor: 45_000,
        feesMinor: 2_250,
        refundsMinor: 0,
        netMinor: 42_750,
      },
    });
    const booksOrganizerApi = callerFor(
      deps,
      (await signIn(deps, callers.find((c) => c.name === 'organizer')!.userId!)).actor,
    );

    // organizer portal: a pending change request of another organizer's event
    const otherEditRequest = await deps.db.eventEditRequest.create({
      data: {
        eventId: otherEvent.eventId,
        requestedById: otherUsher.user.id,
        changes: { title: 'Their new title' },
        reason: 'Rebranding',
      },
    });
    // customer extras: Alice's ticket offered to Carol (made directly: the fixture event has started),
    // and Alice's dependent
    const carol = await makeCustomer(deps, { firstName: 'Carol' });
    const aliceOffer = await deps.db.ticketTransfer.create({
      data: {
        ticketId: ticket!.id,
        kind: 'GIFT',
        fromUserId: alice.user.id,
        toUserId: carol.user.id,
        expiresAt: new Date(deps.clock.now().getTime() + 3600_000),
      },
    });
    const aliceDependent = await aliceApi.customer.dependents.create({
      firstName: 'Yassin',
      lastName: 'Matrix',
      relationship: 'Son',
    });

    // reserved seating (issue 7): Alice holds a seat of a seated event
    const seatAdmin = (await signIn(deps, callers.find((c) => c.name === 'admin(SUPER_ADMIN)')!.userId!)).actor;
    const seatedEv = await makeEvent(deps, { startsInMinutes: 24 * 60 });
    const aliceSeat = (await seatEvent(deps, seatAdmin, seatedEv, { rows: 1, perRow: 4, box: 1 })).seat('Stalls A-1');
    await aliceApi.customer.seating.hold({ eventId: seatedEv.eventId, seatIds: [aliceSeat] });

    const bobApi = callerFor(deps, bob.actor);
    const usherApi = callerFor(deps, usher.actor);
    // merchant: another merchant's stock card and its pending assignment to a customer with a paid fee
    const otherMerchant = await makeMerchant(deps);
    const [otherStockCard] = await makeStockCards(deps, otherMerchant.id, 1);
    await makePaidCardRequest(deps, bob.user.id);
    const otherAssignment = await deps.db.cardAssignment.create({
      data: {
        merchantId: otherMerchant.id,
        customerId: bob.user.id,
        cardId: otherStockCard!.id,
        expiresAt: new Date(deps.clock.now().getTime() + 600_000),
      },
    });
    const merchantApi = callerFor(
      deps,
      (await signIn(deps, callers.find((c) => c.name === 'merchant')!.userId!)).actor,
    );
    // NFC cards (modules/nfc): Alice's card; Bob's own card with Alice's saved payment method
    const aliceNfc = await deps.db.nfcCard.create({
      data: { uid: '04AA11BB22CC33', customerId: alice.user.id, assignedAt: deps.clock.now() },
    });
    const bobNfc = await deps.db.nfcCard.create({
      data: { uid: '04BB11CC22DD33', customerId: bob.user.id, assignedAt: deps.clock.now() },
    });
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'merchant.verifyCustomerOtp',
        () => merchantApi.merchant.verifyCustomerOtp({ assignmentId: otherAssignment.id, code: '000000' }),
      ],
      ['merchant.cancelAssignment', () => merchantApi.merchant.cancelAssignment({ id: otherAssignment.id })],
      [
        'merchant.assignCard',
        () => merchantApi.merchant.assignCard({ mobile: bob.user.mobile!, cardUid: otherStockCard!.uid }),
      ],
      ['customer.tickets.get', () => bobApi.customer.tickets.get({ id: ticket!.id })],
      [
        'customer.seating.release',
        () => bobApi.customer.seating.release({ eventId: seatedEv.eventId, seatIds: [aliceSeat] }),
      ],
      [
        'customer.seating.book',
        () => bobApi.customer.seating.book({ eventId: seatedEv.eventId, seatIds: [aliceSeat] }),
      ],
      ['customer.tickets.qrCode', () => bobApi.customer.tickets.qrCode({ id: ticket!.id, format: 'svg' })],
      ['customer.orders.get', () => bobApi.customer.orders.get({ orderId: pending.id })],
      ['customer.orders.cancel', () => bobApi.customer.orders.cancel({ orderId: pending.id })],
      ['customer.orders.receipt', () => bobApi.customer.orders.receipt({ orderId: alicePaidOrderId })],
      ['organizer.payouts.get', () => booksOrganizerApi.organizer.payouts.get({ id: otherPayout.id })],
      ['organizer.payouts.invoice', () => booksOrganizerApi.organizer.payouts.invoice({ id: otherPayout.id })],
      ['organizer.events.settlement', () => booksOrganizerApi.organizer.events.settlement({ id: otherEvent.eventId })],
      ['customer.payments.process', () => bobApi.customer.payments.process({ orderId: pending.id })],
      ['customer.payments.confirm', () => bobApi.customer.payments.confirm({ paymentId: intent.paymentId })],
      ['customer.paymentMethods.remove', () => bobApi.customer.paymentMethods.remove({ id: aliceCard.id })],
      ['customer.paymentMethods.setDefault', () => bobApi.customer.paymentMethods.setDefault({ id: aliceCard.id })],
      [
        'customer.paymentMethods.confirmSetup',
        () => bobApi.customer.paymentMethods.confirmSetup({ setupRef: aliceSetup.setupRef }),
      ],
      ['auth.sessions.revoke', () => bobApi.auth.sessions.revoke({ sessionId: aliceSession })],
      ['usher.events.get', () => usherApi.usher.events.get({ id: otherEvent.eventId })],
      ['usher.events.status', () => usherApi.usher.events.status({ id: otherEvent.eventId })],
      ['usher.events.gateCounts', () => usherApi.usher.events.gateCounts({ id: otherEvent.eventId })],
      ['usher.scan.log', () => usherApi.usher.scan.log({ id: otherScan.checkInId })],
      [
        'usher.scan.attendeeForEvent',
        () => usherApi.usher.scan.attendeeForEvent({ cardId: '04AABBCCDDEE99', eventId: otherEvent.eventId }),
      ],
      ['notifications.inbox.markRead', () => bobApi.notifications.inbox.markRead({ ids: [aliceNote.id] })],
      [
        'customer.tickets.refundRequest',
        () => bobApi.customer.tickets.refundRequest({ id: ticket!.id, reason: 'Not mine' }),
      ],
      ['customer.refundRequests.quote', () => bobApi.customer.refundRequests.quote({ id: ticket!.id })],
      [
        'customer.tickets.transfer',
        () => bobApi.customer.tickets.transfer({ id: ticket!.id, mobile: carol.user.mobile! }),
      ],
      [
        'customer.tickets.gift',
        () => bobApi.customer.tickets.gift({ id: ticket!.id, mobile: carol.user.mobile!, message: 'Mine now' }),
      ],
      ['customer.transfers.accept', () => bobApi.customer.transfers.accept({ id: aliceOffer.id })],
      ['customer.transfers.decline', () => bobApi.customer.transfers.decline({ id: aliceOffer.id })],
      ['customer.transfers.cancel', () => bobApi.customer.transfers.cancel({ id: aliceOffer.id })],
      [
        'customer.dependents.update',
        () => bobApi.customer.dependents.update({ id: aliceDependent.id, firstName: 'Hacked' }),
      ],
      ['customer.dependents.delete', () => bobApi.customer.dependents.delete({ id: aliceDependent.id })],
      ['customer.refundRequests.withdraw', () => bobApi.customer.refundRequests.withdraw({ id: aliceRequest.id })],
      ['organizer.refundPolicy.get', () => organizerApi.organizer.refundPolicy.get({ id: otherEvent.eventId })],
      [
        'organizer.refundPolicy.update',
        () =>
          organizerApi.organizer.refundPolicy.update({
            id: otherEvent.eventId,
            refundsAllowed: false,
            refundCutoffHours: 1,
            refundFeeMinor: 0,
          }),
      ],
      [
        'organizer.refundRequests.approve',
        () => organizerApi.organizer.refundRequests.approve({ id: otherRequest.id }),
      ],
      [
        'organizer.refundRequests.reject',
        () => organizerApi.organizer.refundRequests.reject({ id: otherRequest.id, reason: 'Not mine' }),
      ],
      [
        'organizer.events.cancel',
        () => organizerApi.organizer.events.cancel({ id: otherEvent.eventId, reason: 'Not mine' }),
      ],
      // organizer portal (modules/organizer): another organizer's event and change request
      ['organizer.events.get', () => organizerApi.organizer.events.get({ id: otherEvent.eventId })],
      [
        'organizer.events.editRequest',
        () =>
          organizerApi.organizer.events.editRequest({
            id: otherEvent.eventId,
            changes: { title: 'Hijacked title' },
            reason: 'Not mine',
          }),
      ],
      ['organizer.editRequests.get', () => organizerApi.organizer.editRequests.get({ id: otherEditRequest.id })],
      ['customer.nfcCards.reload', () => bobApi.customer.nfcCards.reload({ id: aliceNfc.id, amountMinor: 10_000 })],
      ['customer.nfcCards.transactions', () => bobApi.customer.nfcCards.transactions({ id: aliceNfc.id })],
      [
        'customer.nfcCards.autoReloadSettings',
        () =>
          bobApi.customer.nfcCards.autoReloadSettings({
            id: aliceNfc.id,
            enabled: true,
            thresholdMinor: 5_000,
            amountMinor: 10_000,
            paymentMethodId: aliceCard.id,
          }),
      ],
      [
        // Bob's own card, Alice's saved payment method
        'customer.nfcCards.autoReloadSettings',
        () =>
          bobApi.customer.nfcCards.autoReloadSettings({
            id: bobNfc.id,
            enabled: true,
            thresholdMinor: 5_000,
            amountMinor: 10_000,
            paymentMethodId: aliceCard.id,
          }),
      ],
      ['customer.nfcCards.block', () => bobApi.customer.nfcCards.block({ id: aliceNfc.id })],
      ['customer.nfcCards.reportLost', () => bobApi.customer.nfcCards.reportLost({ id: aliceNfc.id })],
    ];
    const leaks: string[] = [];
    for (const [path, attempt] of attempts) {
      const outcome = await attempt().then(
        () => 'OK',
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      );
      if (outcome !== 'NOT_FOUND' && outcome !== 'FORBIDDEN') leaks.push(`${path}: ${outcome}`);
    }
    expect(leaks).toEqual([]);
    expect(await usherApi.usher.events.validateAssignment({ id: otherEvent.eventId })).toMatchObject({
      assigned: false,
      gate: null,
    });

    // nothing changed for Alice
    expect((await aliceApi.customer.orders.get({ orderId: pending.id })).status).toBe('PENDING');
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: intent.paymentId } })).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
    });
    expect(await deps.db.session.count({ where: { id: aliceSession } })).toBe(1);
    expect(await deps.db.refundRequest.findUniqueOrThrow({ where: { id: aliceRequest.id } })).toMatchObject({
      status: 'PENDING',
    });
    expect(await deps.db.refundRequest.findUniqueOrThrow({ where: { id: otherRequest.id } })).toMatchObject({
      status: 'PENDING',
      refundId: null,
    });
    expect(await deps.db.event.findUniqueOrThrow({ where: { id: otherEvent.eventId } })).toMatchObject({
      status: 'PUBLISHED',
      refundsAllowed: true,
    });
    expect(await deps.db.eventEditRequest.findMany({ where: { eventId: otherEvent.eventId } })).toEqual([
      expect.objectContaining({ id: otherEditRequest.id, status: 'PENDING' }),
    ]);
    expect((await deps.db.event.findUniqueOrThrow({ where: { id: otherEvent.eventId } })).title).not.toBe(
      'Hijacked title',
    );
    expect(await deps.db.ticket.count({ where: { id: { in: [ticket!.id, otherTicket!.id] }, status: 'VALID' } })).toBe(
      2,
    );
    expect((await aliceApi.customer.paymentMethods.list({})).items).toEqual([
      expect.objectContaining({ id: aliceCard.id, isDefault: true }),
    ]);
    expect(await deps.db.savedPaymentMethod.count({ where: { userId: bob.user.id } })).toBe(0);
    expect((await deps.db.notification.findUniqueOrThrow({ where: { id: aliceNote.id } })).readAt).toBeNull();
    expect(await deps.db.cardAssignment.findUniqueOrThrow({ where: { id: otherAssignment.id } })).toMatchObject({
      status: 'PENDING',
    });
    expect(await deps.db.cardAssignment.count({ where: { cardId: otherStockCard!.id } })).toBe(1);
    expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: otherStockCard!.id } })).customerId).toBeNull();
    expect(await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: aliceOffer.id } })).toMatchObject({
      status: 'PENDING',
      respondedAt: null,
    });
    expect(await deps.db.ticketTransfer.count({ where: { ticketId: ticket!.id } })).toBe(1);
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).holderId).toBe(alice.user.id);
    expect(await deps.db.ticketRevocation.count({ where: { ticketId: ticket!.id } })).toBe(0);
    expect(await deps.db.dependent.findUniqueOrThrow({ where: { id: aliceDependent.id } })).toMatchObject({
      firstName: 'Yassin',
    });
    for (const card of [aliceNfc, bobNfc]) {
      expect(await deps.db.nfcCard.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({
        status: 'ACTIVE',
        autoReloadEnabled: false,
        autoReloadPaymentMethodId: null,
      });
    }
    expect(await deps.db.orderLine.count({ where: { nfcCardId: { in: [aliceNfc.id, bobNfc.id] } } })).toBe(0);

    expect(
      await deps.db.eventSeat.findFirstOrThrow({ where: { eventId: seatedEv.eventId, seatId: aliceSeat } }),
    ).toMatchObject({ status: 'HELD', holderId: alice.user.id, orderId: null });

    // every procedure with an id-like input is covered above or exempt
    const covered = new Set(attempts.map(([p]) => p));
    const exempt = new Set([
      'public.events.get',
      'usher.events.validateAssignment',
      // a card UID read at the gate: the answer is scoped to the usher's own event
      'usher.scan.card',
      'usher.scan.validateCard',
      'usher.scan.attendee',
      // `cardId` is a search filter inside the usher's own event's log
      'usher.scan.logs',
      'usher.scan.searchLogs',
      // a raffle is a public object (like an event); what these return is scoped to the caller
      'public.raffles.get',
      'customer.raffles.buy',
      'customer.raffles.freeEntry',
      'customer.raffles.myEntries',
      // the published draw data of a raffle is public by design (issue 8 "anyone can audit")
      'public.raffles.verification',
      // scoped by `userId = actor` in its conditional UPDATE; another user's winner id → NOT_FOUND,
      // proven in modules/raffles/draw/draw.int.test.ts ("another user cannot claim it")
      'customer.raffles.claim',
      // seats are public objects of a public event (like ticket categories); holding a seat
      // someone else holds answers CONFLICT and changes nothing (modules/seating/seating.int.test.ts
      // "hold is all or nothing"; the pg race test proves exactly one hold per seat)
      'customer.seating.hold',
    ]);
    const idLike = Object.entries(procedures())
      .filter(([path]) => !path.startsWith('admin.') && !path.startsWith('dev.'))
      .filter(([, proc]) => {
        const inputs = (
          proc._def as unknown as { inputs: { shape?: Record<string, unknown>; def?: { in?: { shape?: object } } }[] }
        ).inputs;
        const keys = inputs.flatMap((i) => Object.keys(i.shape ?? i.def?.in?.shape ?? {}));
        return keys.some(
          (k) =>
            /(^ids?$|Ids?$)/.test(k) &&
            !['eventId', 'ticketCategoryId', 'gateId', 'deviceId', 'challengeId'].includes(k),
        );
      })
      .map(([path]) => path);
    expect(idLike.filter((p) => !covered.has(p) && !exempt.has(p))).toEqual([]);
  });

  it('cannot authenticate with anything a dump of the sessions table contains', async () => {
    const server = await startTestServer(deps);
    try {
      const { token } = await signIn(deps, (await makeCustomer(deps)).user.id);
      expect(await validateSessionToken(deps.db, deps.clock, token)).not.toBeNull(); // control
      const rows = await deps.db.session.findMany({ select: { id: true, secretHash: true } });
      expect(rows.length).toBeGreaterThan(5);
      const candidates = rows.flatMap((r) => {
        const hash = new Uint8Array(r.secretHash);
        return [
          r.id,
          `${r.id}.`,
          `${r.id}.${encodeHexLowerCase(hash)}`,
          `${r.id}.${encodeBase32LowerCaseNoPadding(hash)}`,
          `${r.id}.${Buffer.from(hash).toString('base64url')}`,
        ];
      });
      for (const candidate of candidates) {
        expect(await validateSessionToken(deps.db, deps.clock, candidate)).toBeNull();
      }
      const sample = candidates.filter((_, i) => i % 7 === 0).slice(0, 40);
      for (const candidate of sample) {
        const res = await fetch(`${server.url}/api/v1/auth/me/`, { headers: { authorization: `Bearer ${candidate}` } });
        expect(res.status).toBe(401);
      }
    } finally {
      await server.close();
    }
  });
});
