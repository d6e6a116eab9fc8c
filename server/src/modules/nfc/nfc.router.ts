/**
 * NFC card procedures (issue 7; ADR 0018), mounted by trpc/router.ts:
 *   customer.nfcCards.*            seed 003 Plan 1 Phase 5 (`/api/v1/users/nfc-cards/…`)
 *   admin.nfcCards.*               seed 003 Plan 2 Phase 6 (`/api/nfc-cards/…`; cards.read / cards.write)
 *   merchant.cards.charge          a merchant charges a card (`/api/merchant/cards/{uid}/charge/`),
 *                                  merged into the MERCHANT helper's `merchant.cards` router
 */
import {
  ZAdminNfcCard,
  ZAdminNfcCardBulkInput,
  ZAdminNfcCardBulkResult,
  ZAdminNfcCardCreateInput,
  ZAdminNfcCardDetail,
  ZAdminNfcCardFilters,
  ZAdminNfcCardListInput,
  ZAdminNfcCardPage,
  ZAdminNfcCardReasonInput,
  ZAdminNfcCardRequestListInput,
  ZAdminNfcCardRequestPage,
  ZAdminNfcCardTransferInput,
  ZAdminNfcCardUpdateInput,
  ZMyNfcCard,
  ZMyNfcCards,
  ZNfcAutoReloadInput,
  ZNfcCardIdInput,
  ZNfcCardRequestInput,
  ZNfcCardRequestResult,
  ZNfcCardStatusChangeInput,
  ZNfcCardTransactionPage,
  ZNfcCardTransactionsInput,
  ZNfcCharge,
  ZNfcChargeInput,
  ZNfcMoveBalanceInput,
  ZNfcMoveBalanceResult,
  ZNfcReloadInput,
  ZOrder,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure, customerProcedure, merchantProcedure } from '../../trpc/procedures.ts';
import {
  bulkCards,
  cardsCsv,
  createCard,
  getCard,
  listCardRequests,
  listCards,
  moveBalance,
  setCardStatus,
  transferCard,
  updateCard,
} from './nfc-admin.service.ts';
import {
  listMyCards,
  myCardTransactions,
  reloadCard,
  requestCard,
  setAutoReload,
  setOwnCardStatus,
} from './nfc-cards.service.ts';
import { spendFromCard } from './nfc-spend.ts';

const customerTags = ['customer: NFC cards'];
const adminTags = ['admin: NFC cards'];
const merchantTags = ['merchant: cards'];

/** `customer.nfcCards` */
export const customerNfcCardsRouter = router({
  request: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/nfc-cards/request/',
        tags: customerTags,
        summary: 'Request an NFC card (returns the fee order to pay)',
      },
    })
    .input(ZNfcCardRequestInput)
    .output(ZNfcCardRequestResult)
    .mutation(({ ctx, input }) => requestCard(ctx.deps, ctx.actor, input, ctx.meta)),
  list: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/nfc-cards/',
        tags: customerTags,
        summary: 'My NFC cards and balances',
      },
    })
    .input(z.object({}))
    .output(ZMyNfcCards)
    .query(({ ctx }) => listMyCards(ctx.deps, ctx.actor)),
  reload: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/nfc-cards/{id}/reload/',
        tags: customerTags,
        summary: 'Reload my card (returns the order to pay)',
      },
    })
    .input(ZNfcReloadInput)
    .output(ZOrder)
    .mutation(({ ctx, input }) => reloadCard(ctx.deps, ctx.actor, input)),
  transactions: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/nfc-cards/{id}/transactions/',
        tags: customerTags,
        summary: 'Transaction history of my card',
      },
    })
    .input(ZNfcCardTransactionsInput)
    .output(ZNfcCardTransactionPage)
    .query(({ ctx, input }) => myCardTransactions(ctx.deps, ctx.actor, input)),
  autoReloadSettings: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/nfc-cards/{id}/auto-reload-settings/',
        tags: customerTags,
        summary: 'Auto-reload settings of my card',
      },
    })
    .input(ZNfcAutoReloadInput)
    .output(ZMyNfcCard)
    .mutation(({ ctx, input }) => setAutoReload(ctx.deps, ctx.actor, input, ctx.meta)),
  block: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/nfc-cards/{id}/block/',
        tags: customerTags,
        summary: 'Block my card',
      },
    })
    .input(ZNfcCardStatusChangeInput)
    .output(ZMyNfcCard)
    .mutation(({ ctx, input }) => setOwnCardStatus(ctx.deps, ctx.actor, input, 'BLOCKED', ctx.meta)),
  reportLost: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/nfc-cards/{id}/report-lost/',
        tags: customerTags,
        summary: 'Report my card lost',
      },
    })
    .input(ZNfcCardStatusChangeInput)
    .output(ZMyNfcCard)
    .mutation(({ ctx, input }) => setOwnCardStatus(ctx.deps, ctx.actor, input, 'LOST', ctx.meta)),
});

/** `admin.nfcCards` */
export const adminNfcCardsRouter = router({
  list: adminProcedure('cards.read')
    .meta({ openapi: { method: 'GET', path: '/nfc-cards/', tags: adminTags, summary: 'NFC cards with filters' } })
    .input(ZAdminNfcCardListInput)
    .output(ZAdminNfcCardPage)
    .query(({ ctx, input }) => listCards(ctx.deps, input)),
  /** CSV of the filtered list; served as a file at `GET /api/nfc-cards/export.csv` (nfc-csv-route.ts) */
  exportCsv: adminProcedure('cards.read')
    .input(ZAdminNfcCardFilters)
    .query(async ({ ctx, input }) => ({ csv: await cardsCsv(ctx.deps, input) })),
  get: adminProcedure('cards.read')
    .meta({ openapi: { method: 'GET', path: '/nfc-cards/{id}/', tags: adminTags, summary: 'One NFC card' } })
    .input(ZNfcCardIdInput)
    .output(ZAdminNfcCardDetail)
    .query(({ ctx, input }) => getCard(ctx.deps, input.id)),
  create: adminProcedure('cards.write')
    .meta({ openapi: { method: 'POST', path: '/nfc-cards/', tags: adminTags, summary: 'Register an NFC card' } })
    .input(ZAdminNfcCardCreateInput)
    .output(ZAdminNfcCard)
    .mutation(({ ctx, input }) => createCard(ctx.deps, ctx.actor, input, ctx.meta)),
  update: adminProcedure('cards.write')
    .meta({ openapi: { method: 'PUT', path: '/nfc-cards/{id}/', tags: adminTags, summary: 'Update an NFC card' } })
    .input(ZAdminNfcCardUpdateInput)
    .output(ZAdminNfcCard)
    .mutation(({ ctx, input }) => updateCard(ctx.deps, ctx.actor, input, ctx.meta)),
  bulk: adminProcedure('cards.write')
    .meta({
      openapi: { method: 'POST', path: '/nfc-cards/bulk/', tags: adminTags, summary: 'Bulk create, allocate or block' },
    })
    .input(ZAdminNfcCardBulkInput)
    .output(ZAdminNfcCardBulkResult)
    .mutation(({ ctx, input }) => bulkCards(ctx.deps, ctx.actor, input, ctx.meta)),
  transfer: adminProcedure('cards.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/nfc-cards/{id}/transfer/',
        tags: adminTags,
        summary: 'Give a card (with zero balance) to another customer',
      },
    })
    .input(ZAdminNfcCardTransferInput)
    .output(ZAdminNfcCard)
    .mutation(({ ctx, input }) => transferCard(ctx.deps, ctx.actor, input, ctx.meta)),
  block: adminProcedure('cards.write')
    .meta({ openapi: { method: 'POST', path: '/nfc-cards/{id}/block/', tags: adminTags, summary: 'Block a card' } })
    .input(ZAdminNfcCardReasonInput)
    .output(ZAdminNfcCard)
    .mutation(({ ctx, input }) => setCardStatus(ctx.deps, ctx.actor, input, 'BLOCKED', ctx.meta)),
  reportLost: adminProcedure('cards.write')
    .meta({
      openapi: { method: 'POST', path: '/nfc-cards/{id}/report-lost/', tags: adminTags, summary: 'Report a card lost' },
    })
    .input(ZAdminNfcCardReasonInput)
    .output(ZAdminNfcCard)
    .mutation(({ ctx, input }) => setCardStatus(ctx.deps, ctx.actor, input, 'LOST', ctx.meta)),
  moveBalance: adminProcedure('cards.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/nfc-cards/move-balance/',
        tags: adminTags,
        summary: 'Move the balance of a blocked or lost card to the holder’s new card',
      },
    })
    .input(ZNfcMoveBalanceInput)
    .output(ZNfcMoveBalanceResult)
    .mutation(({ ctx, input }) => moveBalance(ctx.deps, ctx.actor, input, ctx.meta)),
  requests: adminProcedure('cards.read')
    .meta({ openapi: { method: 'GET', path: '/nfc-card-requests/', tags: adminTags, summary: 'NFC card requests' } })
    .input(ZAdminNfcCardRequestListInput)
    .output(ZAdminNfcCardRequestPage)
    .query(({ ctx, input }) => listCardRequests(ctx.deps, input)),
});

/** Merged into `merchant.cards` (the MERCHANT helper's router holds `list`). */
export const nfcMerchantCardProcedures = {
  charge: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/cards/{uid}/charge/',
        tags: merchantTags,
        summary: 'Charge a customer’s card (stored value → this merchant)',
      },
    })
    .input(ZNfcChargeInput)
    .output(ZNfcCharge)
    .mutation(({ ctx, input }) =>
      spendFromCard(ctx.deps, {
        cardUid: input.uid,
        merchantId: ctx.actor.user.id,
        amountMinor: input.amountMinor,
        description: input.description,
        idempotencyKey: input.idempotencyKey,
      }),
    ),
};
