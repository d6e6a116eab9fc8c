import {
  ZCheckInResult,
  ZDeliveryStatus,
  ZEntryPolicy,
  ZEventCategory,
  ZFinanceRecordKind,
  ZIncidentSeverity,
  ZLedgerAccountType,
  ZMessageChannel,
  ZNfcCardStatus,
  ZOrderStatus,
  ZPaymentProvider,
  ZPaymentStatus,
  ZPayoutStatus,
  ZRefundRequestStatus,
  ZRefundStatus,
  ZRole,
  ZScanDirection,
  ZScanMethod,
  ZTicketStatus,
  ZTicketTier,
} from '@admit/shared';
import { expect, it } from 'vitest';
import * as prisma from './generated/enums.ts';

it('shared enums mirror the Prisma enums', () => {
  const pairs: [readonly string[], Record<string, string>][] = [
    [ZEventCategory.options, prisma.EventCategory],
    [ZOrderStatus.options, prisma.OrderStatus],
    [ZTicketTier.options, prisma.TicketTier],
    [ZTicketStatus.options, prisma.TicketStatus],
    [ZPaymentStatus.options, prisma.PaymentStatus],
    [ZPaymentProvider.options, prisma.PaymentProvider],
    [ZRefundStatus.options, prisma.RefundStatus],
    [ZRefundRequestStatus.options, prisma.RefundRequestStatus],
    [ZPayoutStatus.options, prisma.PayoutStatus],
    [ZFinanceRecordKind.options, prisma.FinanceRecordKind],
    [ZLedgerAccountType.options, prisma.LedgerAccountType],
    [ZCheckInResult.options, prisma.CheckInResult],
    [ZScanMethod.options, prisma.ScanMethod],
    [ZScanDirection.options, prisma.ScanDirection],
    [ZEntryPolicy.options, prisma.EntryPolicy],
    [ZIncidentSeverity.options, prisma.IncidentSeverity],
    [ZNfcCardStatus.options, prisma.NfcCardStatus],
    [ZRole.options, prisma.Role],
    [ZMessageChannel.options, prisma.MessageChannel],
    [ZDeliveryStatus.options, prisma.DeliveryStatus],
  ];
  for (const [shared, db] of pairs) expect([...shared].sort()).toEqual(Object.values(db).sort());
});
