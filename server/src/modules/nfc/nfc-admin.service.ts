/**
 * NFC cards in the admin back office (seed 003 Plan 2 Phase 6 "NFC Card Management"; issue 7
 * "NFC cards (create, update, bulk operations, transfer)"; ADR 0018): list with filters, sorting
 * and pagination, CSV export, one card with its holder, merchant, balance and recent ledger
 * entries, create, update (status with a reason, merchant stock), bulk batches, transfer to another
 * customer, block / report lost, and moving the whole balance of a blocked or lost card to the
 * holder's new card. Permissions: cards.read / cards.write (modules/admin/permissions.ts).
 *
 * Every change is a conditional UPDATE on the state it was decided on (a concurrent change makes it
 * match nothing → CONFLICT) and is audited. Money: integer minor units; instants UTC.
 */
import type {
  TAdminNfcCard,
  TAdminNfcCardBulkInput,
  TAdminNfcCardListInput,
  TNfcCardRequestStatus,
  TPage,
  TPageInput,
} from '@admit/shared';
import { ZNfcCardUid } from '@admit/shared';
import { stringify } from 'csv-stringify/sync';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { csvSafe, recordAudit } from '../audit/audit.service.ts';
import { isUniqueViolation } from '../checkin/checkin.service.ts';
import { post } from '../ledger/ledger.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { changeCardStatus, toCardRequest } from './nfc-cards.service.ts';
import { cardAccount, cardAccountCode, cardBalances, cardLedgerPage, personName } from './nfc-core.ts';

const person = { select: { id: true, firstName: true, lastName: true, mobile: true } } as const;

export const adminCardSelect = {
  id: true,
  uid: true,
  status: true,
  statusReason: true,
  statusChangedAt: true,
  currency: true,
  customerId: true,
  merchantId: true,
  assignedAt: true,
  autoReloadEnabled: true,
  replacedById: true,
  createdAt: true,
  updatedAt: true,
  customer: person,
  merchant: person,
} satisfies Prisma.NfcCardSelect;
type AdminCardRow = Prisma.NfcCardGetPayload<{ select: typeof adminCardSelect }>;

const ref = (u: { id: string; firstName: string; lastName: string; mobile: string | null } | null) =>
  u ? { id: u.id, name: personName(u), mobile: u.mobile } : null;

function toAdminCard(c: AdminCardRow, balanceMinor: number): TAdminNfcCard {
  return {
    id: c.id,
    uid: c.uid,
    status: c.status,
    statusReason: c.statusReason,
    statusChangedAt: c.statusChangedAt,
    currency: c.currency,
    balanceMinor,
    customer: ref(c.customer),
    merchant: ref(c.merchant),
    assignedAt: c.assignedAt,
    autoReloadEnabled: c.autoReloadEnabled,
    replacedById: c.replacedById,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

async function withBalances(deps: Pick<Deps, 'db'>, rows: AdminCardRow[]): Promise<TAdminNfcCard[]> {
  const balances = await cardBalances(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAdminCard(r, balances.get(r.id) ?? 0));
}

const SORTS: Record<TAdminNfcCardListInput['sort'], Prisma.NfcCardOrderByWithRelationInput[]> = {
  '-createdAt': [{ createdAt: 'desc' }],
  createdAt: [{ createdAt: 'asc' }],
  uid: [{ uid: 'asc' }],
  '-uid': [{ uid: 'desc' }],
  '-assignedAt': [{ assignedAt: { sort: 'desc', nulls: 'last' } }],
  assignedAt: [{ assignedAt: { sort: 'asc', nulls: 'last' } }],
  status: [{ status: 'asc' }, { createdAt: 'desc' }],
  '-status': [{ status: 'desc' }, { createdAt: 'desc' }],
};

type Filters = Omit<TAdminNfcCardListInput, 'page' | 'pageSize'>;

function cardWhere(f: Filters): Prisma.NfcCardWhereInput {
  const text = f.customer?.trim();
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.assigned === 'assigned'
      ? { customerId: { not: null } }
      : f.assigned === 'unassigned'
        ? { customerId: null }
        : {}),
    ...(f.merchantId ? { merchantId: f.merchantId } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
    ...(f.uid ? { uid: { contains: f.uid.replace(/[\s:-]/g, '').toUpperCase() } } : {}),
    ...(text
      ? {
          customer: {
            OR: [
              { firstName: { contains: text, mode: 'insensitive' } },
              { lastName: { contains: text, mode: 'insensitive' } },
              { mobile: { contains: text.replace(/\s/g, '') } },
            ],
          },
        }
      : {}),
  };
}

/** `GET /api/nfc-cards/` (cards.read): filters (status, assigned, merchant, customer text, UID), sort, pages. */
export async function listCards(deps: Pick<Deps, 'db'>, input: TAdminNfcCardListInput): Promise<TPage<TAdminNfcCard>> {
  const where = cardWhere(input);
  const [total, rows] = await Promise.all([
    deps.db.nfcCard.count({ where }),
    deps.db.nfcCard.findMany({
      where,
      select: adminCardSelect,
      orderBy: [...SORTS[input.sort], { id: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(await withBalances(deps, rows), total, input);
}

/** CSV (RFC 4180) of the filtered cards, at most 50 000 rows; cells formula-safe (audit `csvSafe`). */
export async function cardsCsv(deps: Pick<Deps, 'db'>, f: Filters): Promise<string> {
  const rows = await deps.db.nfcCard.findMany({
    where: cardWhere(f),
    select: adminCardSelect,
    orderBy: [...SORTS[f.sort], { id: 'asc' }],
    take: 50_000,
  });
  const cards = await withBalances(deps, rows);
  return stringify(
    cards.map((c) =>
      [
        c.uid,
        c.status,
        c.statusReason ?? '',
        (c.balanceMinor / 100).toFixed(2),
        c.currency,
        c.customer?.name ?? '',
        c.customer?.mobile ?? '',
        c.merchant?.name ?? '',
        c.assignedAt?.toISOString() ?? '',
        c.createdAt.toISOString(),
        c.id,
      ].map(csvSafe),
    ),
    {
      header: true,
      columns: [
        'uid',
        'status',
        'status_reason',
        'balance',
        'currency',
        'customer',
        'customer_mobile',
        'merchant',
        'assigned_at',
        'created_at',
        'id',
      ],
    },
  );
}

async function loadCard(deps: Pick<Deps, 'db'>, id: string): Promise<AdminCardRow> {
  const row = await deps.db.nfcCard.findUnique({ where: { id }, select: adminCardSelect });
  if (!row) throw new AppError('NOT_FOUND', 'No such card.');
  return row;
}

async function adminCard(deps: Pick<Deps, 'db'>, id: string): Promise<TAdminNfcCard> {
  const [c] = await withBalances(deps, [await loadCard(deps, id)]);
  return c!;
}

/** `GET /api/nfc-cards/{id}/` (cards.read): the card, holder, merchant, balance and its 20 latest ledger entries. */
export async function getCard(deps: Pick<Deps, 'db'>, id: string) {
  const row = await loadCard(deps, id);
  const [card, ledger, replacedBy, replaces] = await Promise.all([
    adminCard(deps, id),
    cardLedgerPage(deps.db, id, { page: 1, pageSize: 20 }),
    row.replacedById
      ? deps.db.nfcCard.findUnique({ where: { id: row.replacedById }, select: { uid: true } })
      : Promise.resolve(null),
    deps.db.nfcCard.findMany({ where: { replacedById: id }, select: { id: true, uid: true } }),
  ]);
  return { ...card, replacedByUid: replacedBy?.uid ?? null, replaces, transactions: ledger.items };
}

async function requireMerchant(deps: Pick<Deps, 'db'>, merchantId: string) {
  const m = await deps.db.user.findFirst({ where: { id: merchantId, role: 'MERCHANT' }, select: { id: true } });
  if (!m) throw new AppError('NOT_FOUND', 'No such merchant.', { merchantId: ['Not a merchant'] });
}

/**
 * `POST /api/nfc-cards/` (cards.write): registers a chip (UID 4/7/10 bytes hex, normalised upper
 * case), optionally into a merchant's stock. Errors: CONFLICT (UID already registered),
 * NOT_FOUND (merchant).
 */
export async function createCard(
  deps: Deps,
  actor: Actor,
  input: { uid: string; merchantId?: string; currency?: string },
  meta?: AuditMeta,
): Promise<TAdminNfcCard> {
  if (input.merchantId) await requireMerchant(deps, input.merchantId);
  try {
    const id = await deps.db.$transaction(async (tx) => {
      const card = await tx.nfcCard.create({
        data: {
          uid: input.uid,
          merchantId: input.merchantId ?? null,
          currency: input.currency ?? deps.config.currency,
          createdAt: deps.clock.now(),
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        action: 'nfc.card_created',
        actor: auditActor(actor),
        target: { type: 'NfcCard', id: card.id },
        after: { uid: input.uid, merchantId: input.merchantId ?? null },
        meta,
      });
      return card.id;
    });
    return adminCard(deps, id);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This card is already registered.', { uid: ['Already registered'] });
    }
    throw err;
  }
}

/**
 * `PUT /api/nfc-cards/{id}/` (cards.write): status (ACTIVE/BLOCKED/LOST with a reason; REPLACED
 * only by moving the balance) and the merchant whose stock holds an unassigned card.
 * Errors: NOT_FOUND, INVALID_STATE (transition not allowed; re-allocating an assigned card),
 * CONFLICT (changed meanwhile).
 */
export async function updateCard(
  deps: Deps,
  actor: Actor,
  input: { id: string; status?: 'ACTIVE' | 'BLOCKED' | 'LOST'; reason?: string; merchantId?: string | null },
  meta?: AuditMeta,
): Promise<TAdminNfcCard> {
  const card = await loadCard(deps, input.id);
  if (input.merchantId !== undefined && input.merchantId !== card.merchantId) {
    if (card.customerId) {
      throw new AppError('INVALID_STATE', 'An assigned card stays with the merchant who issued it.', {
        merchantId: ['Card already assigned'],
      });
    }
    if (input.merchantId) await requireMerchant(deps, input.merchantId);
    await deps.db.$transaction(async (tx) => {
      const { count } = await tx.nfcCard.updateMany({
        where: { id: card.id, customerId: null, merchantId: card.merchantId },
        data: { merchantId: input.merchantId },
      });
      if (count === 0) throw new AppError('CONFLICT', 'The card changed meanwhile; reload and try again.');
      await recordAudit(tx, {
        action: 'nfc.card_allocated',
        actor: auditActor(actor),
        target: { type: 'NfcCard', id: card.id },
        before: { merchantId: card.merchantId },
        after: { merchantId: input.merchantId },
        meta,
      });
    });
  }
  if (input.status && input.status !== card.status) {
    await changeCardStatus(
      deps,
      actor,
      card,
      input.status,
      input.status === 'ACTIVE' ? null : (input.reason ?? null),
      meta,
    );
  }
  return adminCard(deps, card.id);
}

/** `POST /api/nfc-cards/{id}/block/` and `…/report-lost/` (cards.write). Errors: NOT_FOUND, INVALID_STATE, CONFLICT. */
export async function setCardStatus(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason: string },
  to: 'BLOCKED' | 'LOST',
  meta?: AuditMeta,
): Promise<TAdminNfcCard> {
  const card = await loadCard(deps, input.id);
  await changeCardStatus(deps, actor, card, to, input.reason, meta);
  return adminCard(deps, card.id);
}

/**
 * `POST /api/nfc-cards/bulk/` (cards.write): one batch, all rows or none. Every UID is validated
 * first (format, duplicates in the batch, existence / state in the database); any bad row →
 * VALIDATION_FAILED with details per row (`uids.<index>`) and nothing written. Then one
 * transaction: `create` inserts the cards (optionally into a merchant's stock), `allocate` moves
 * unassigned cards into the merchant's stock, `block` blocks ACTIVE cards with the reason, each by
 * a conditional UPDATE (a row changed meanwhile → CONFLICT, whole batch rolled back).
 */
export async function bulkCards(deps: Deps, actor: Actor, input: TAdminNfcCardBulkInput, meta?: AuditMeta) {
  const details: Record<string, string[]> = {};
  const uids: string[] = [];
  const seen = new Map<string, number>();
  input.uids.forEach((raw, i) => {
    const parsed = ZNfcCardUid.safeParse(raw);
    if (!parsed.success) {
      details[`uids.${i}`] = [parsed.error.issues[0]?.message ?? 'Not a UID'];
      return;
    }
    if (seen.has(parsed.data)) details[`uids.${i}`] = [`Same UID as row ${seen.get(parsed.data)! + 1}`];
    seen.set(parsed.data, i);
    uids[i] = parsed.data;
  });
  if (input.merchantId) await requireMerchant(deps, input.merchantId);
  const existing = await deps.db.nfcCard.findMany({
    where: { uid: { in: uids.filter(Boolean) } },
    select: { id: true, uid: true, status: true, customerId: true, merchantId: true },
  });
  const byUid = new Map(existing.map((c) => [c.uid, c]));
  uids.forEach((uid, i) => {
    if (!uid || details[`uids.${i}`]) return;
    const c = byUid.get(uid);
    if (input.action === 'create' && c) details[`uids.${i}`] = ['Already registered'];
    if (input.action !== 'create' && !c) details[`uids.${i}`] = ['No such card'];
    if (input.action === 'allocate' && c?.customerId) details[`uids.${i}`] = ['Already assigned to a customer'];
    if (input.action === 'block' && c && c.status !== 'ACTIVE') details[`uids.${i}`] = [`Card is ${c.status}`];
  });
  if (Object.keys(details).length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${Object.keys(details).length} of ${input.uids.length} rows are invalid; nothing was changed.`,
      details,
    );
  }
  const now = deps.clock.now();
  const list = uids.filter(Boolean);
  try {
    const cards = await deps.db.$transaction(
      async (tx) => {
        if (input.action === 'create') {
          await tx.nfcCard.createMany({
            data: list.map((uid) => ({
              uid,
              merchantId: input.merchantId ?? null,
              currency: deps.config.currency,
              createdAt: now,
            })),
          });
        } else {
          const data =
            input.action === 'allocate'
              ? { merchantId: input.merchantId! }
              : { status: 'BLOCKED' as const, statusReason: input.reason!, statusChangedAt: now };
          const { count } = await tx.nfcCard.updateMany({
            where: {
              uid: { in: list },
              ...(input.action === 'allocate' ? { customerId: null } : { status: 'ACTIVE' }),
            },
            data,
          });
          if (count !== list.length)
            throw new AppError('CONFLICT', 'Some cards changed meanwhile; nothing was changed.');
        }
        const rows = await tx.nfcCard.findMany({ where: { uid: { in: list } }, select: { id: true, uid: true } });
        await recordAudit(tx, {
          action: `nfc.bulk_${input.action}`,
          actor: auditActor(actor),
          target: { type: 'NfcCard', id: rows[0]?.id ?? '' },
          after: {
            count: rows.length,
            uids: list.slice(0, 100),
            merchantId: input.merchantId ?? null,
            reason: input.reason ?? null,
          },
          meta,
        });
        return rows;
      },
      { timeout: 30_000 },
    );
    return { action: input.action, count: cards.length, cards };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', 'Some UIDs were registered meanwhile; nothing was changed.');
    throw err;
  }
}

/**
 * `POST /api/nfc-cards/{id}/transfer/` (cards.write; issue 7 "NFC cards … transfer"): gives an
 * ACTIVE card to another customer (by mobile). Only a card with a zero balance moves: a balance
 * belongs to its holder, so move it first (`moveBalance` to the holder's other card). The card's
 * auto-reload is turned off (it charged the old holder's payment method). Checked under a row lock
 * on the card's balance account, so a reload settling meanwhile cannot slip in.
 * Errors: NOT_FOUND (card or customer), INVALID_STATE (not ACTIVE, balance not zero, same holder),
 * CONFLICT (changed meanwhile).
 */
export async function transferCard(
  deps: Deps,
  actor: Actor,
  input: { id: string; mobile: string },
  meta?: AuditMeta,
): Promise<TAdminNfcCard> {
  const card = await loadCard(deps, input.id);
  const to = await deps.db.user.findFirst({
    where: { mobile: input.mobile, role: 'CUSTOMER', deletedAt: null },
    select: { id: true },
  });
  if (!to) throw new AppError('NOT_FOUND', 'No customer with this mobile number.', { mobile: ['Not registered'] });
  if (card.status !== 'ACTIVE') throw new AppError('INVALID_STATE', `This card is ${card.status.toLowerCase()}.`);
  if (card.customerId === to.id) {
    throw new AppError('INVALID_STATE', 'This customer already holds the card.', { mobile: ['Already the holder'] });
  }
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const [account] = await tx.$queryRaw<{ balanceMinor: bigint }[]>`
      SELECT "balanceMinor" FROM "LedgerAccount" WHERE "code" = ${cardAccountCode(card.id)} FOR UPDATE`;
    const balance = account ? 0 - Number(account.balanceMinor) : 0;
    if (balance !== 0) {
      throw new AppError(
        'INVALID_STATE',
        'The card still holds a balance: move it to the holder’s other card before transferring the card.',
        { id: [`Balance ${(balance / 100).toFixed(2)} ${card.currency}`] },
      );
    }
    const { count } = await tx.nfcCard.updateMany({
      where: { id: card.id, status: 'ACTIVE', customerId: card.customerId },
      data: {
        customerId: to.id,
        assignedAt: now,
        autoReloadEnabled: false,
        autoReloadPaymentMethodId: null,
      },
    });
    if (count === 0) throw new AppError('CONFLICT', 'The card changed meanwhile; reload and try again.');
    await recordAudit(tx, {
      action: 'nfc.card_transferred',
      actor: auditActor(actor),
      target: { type: 'NfcCard', id: card.id },
      before: { customerId: card.customerId },
      after: { customerId: to.id },
      meta,
    });
  });
  return adminCard(deps, card.id);
}

/**
 * `POST /api/nfc-cards/move-balance/` (cards.write; issue 7 "a card can be blocked, reported lost
 * and its balance moved to a replacement card"): the whole balance of a BLOCKED or LOST card goes to
 * an ACTIVE card of the same customer in one ledger transaction CARD_TRANSFER
 * (key `card-transfer:<fromId>`: Dr the old card, Cr the new one), and the old card becomes
 * REPLACED with `replacedById` (final). Both card rows are locked FOR UPDATE in id order and the
 * source moves by a conditional UPDATE on BLOCKED/LOST, so two concurrent moves move once (the
 * second sees REPLACED → INVALID_STATE). The balance is read under that lock; a reload settling for
 * the old card later is credited to the new one (nfc-checkout.ts follows `replacedById`).
 * Errors: NOT_FOUND, INVALID_STATE (states, different customers or currencies).
 */
export async function moveBalance(
  deps: Deps,
  actor: Actor,
  input: { fromCardId: string; toCardId: string },
  meta?: AuditMeta,
) {
  const now = deps.clock.now();
  const movedMinor = await deps.db.$transaction(async (tx) => {
    const ids = [input.fromCardId, input.toCardId].sort();
    const rows = await tx.$queryRaw<{ id: string; status: string; customerId: string | null; currency: string }[]>`
      SELECT "id"::text AS id, "status"::text AS status, "customerId"::text AS "customerId", "currency"
      FROM "NfcCard" WHERE "id" IN (${ids[0]}::uuid, ${ids[1]}::uuid) ORDER BY "id" FOR UPDATE`;
    const from = rows.find((r) => r.id === input.fromCardId);
    const to = rows.find((r) => r.id === input.toCardId);
    if (!from) throw new AppError('NOT_FOUND', 'No such card.', { fromCardId: ['Not found'] });
    if (!to) throw new AppError('NOT_FOUND', 'No such card.', { toCardId: ['Not found'] });
    if (from.status !== 'BLOCKED' && from.status !== 'LOST') {
      throw new AppError(
        'INVALID_STATE',
        `The old card is ${from.status.toLowerCase()}: block it or report it lost first.`,
        {
          fromCardId: [`Card ${from.status}`],
        },
      );
    }
    if (to.status !== 'ACTIVE') {
      throw new AppError('INVALID_STATE', `The new card is ${to.status.toLowerCase()}.`, {
        toCardId: [`Card ${to.status}`],
      });
    }
    if (!from.customerId || from.customerId !== to.customerId) {
      throw new AppError('INVALID_STATE', 'Both cards must belong to the same customer.', {
        toCardId: ['Another customer’s card'],
      });
    }
    if (from.currency !== to.currency) {
      throw new AppError('INVALID_STATE', 'The cards hold different currencies.', { toCardId: ['Other currency'] });
    }
    const { count } = await tx.nfcCard.updateMany({
      where: { id: from.id, status: { in: ['BLOCKED', 'LOST'] } },
      data: { status: 'REPLACED', replacedById: to.id, statusChangedAt: now },
    });
    if (count === 0) throw new AppError('INVALID_STATE', 'The balance of this card was already moved.');
    const [account] = await tx.$queryRaw<{ balanceMinor: bigint }[]>`
      SELECT "balanceMinor" FROM "LedgerAccount" WHERE "code" = ${cardAccountCode(from.id)} FOR UPDATE`;
    const balance = account ? 0 - Number(account.balanceMinor) : 0;
    if (balance > 0) {
      await post(tx, {
        kind: 'CARD_TRANSFER',
        idempotencyKey: `card-transfer:${from.id}`,
        description: 'Balance moved to a replacement card',
        occurredAt: now,
        createdById: actor.user.id,
        entries: [
          { account: cardAccount(from.id, from.currency), amountMinor: balance },
          { account: cardAccount(to.id, to.currency), amountMinor: -balance },
        ],
      });
    }
    await recordAudit(tx, {
      action: 'nfc.balance_moved',
      actor: auditActor(actor),
      target: { type: 'NfcCard', id: from.id },
      before: { status: from.status },
      after: { status: 'REPLACED', replacedById: to.id, movedMinor: balance },
      meta,
    });
    return balance;
  });
  const [from, to] = await Promise.all([adminCard(deps, input.fromCardId), adminCard(deps, input.toCardId)]);
  return { movedMinor, currency: from.currency, from, to };
}

/** `GET /api/nfc-card-requests/` (cards.read): card requests, newest first, by status and customer text. */
export async function listCardRequests(
  deps: Deps,
  input: TPageInput & { status?: TNfcCardRequestStatus; customer?: string },
) {
  const text = input.customer?.trim();
  const where: Prisma.NfcCardRequestWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(text
      ? {
          customer: {
            OR: [
              { firstName: { contains: text, mode: 'insensitive' } },
              { lastName: { contains: text, mode: 'insensitive' } },
              { mobile: { contains: text.replace(/\s/g, '') } },
            ],
          },
        }
      : {}),
  };
  const now = deps.clock.now();
  const [total, rows] = await Promise.all([
    deps.db.nfcCardRequest.count({ where }),
    deps.db.nfcCardRequest.findMany({
      where,
      select: {
        id: true,
        status: true,
        feeMinor: true,
        currency: true,
        note: true,
        cardId: true,
        paidAt: true,
        fulfilledAt: true,
        createdAt: true,
        orderLines: { select: { order: { select: { id: true, status: true, expiresAt: true } } } },
        customer: person,
        card: { select: { uid: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(
    rows.map(({ customer, card, ...r }) => ({
      ...toCardRequest(r, now),
      customer: ref(customer)!,
      cardUid: card?.uid ?? null,
    })),
    total,
    input,
  );
}
