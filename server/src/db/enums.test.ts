import {
  ZCheckInResult,
  ZDeliveryStatus,
  ZEventCategory,
  ZMessageChannel,
  ZNfcCardStatus,
  ZOrderStatus,
  ZRole,
  ZScanMethod,
  ZTicketTier,
} from '@admit/shared';
import { expect, it } from 'vitest';
import * as prisma from './generated/enums.ts';

it('shared enums mirror the Prisma enums', () => {
  const pairs: [readonly string[], Record<string, string>][] = [
    [ZEventCategory.options, prisma.EventCategory],
    [ZOrderStatus.options, prisma.OrderStatus],
    [ZTicketTier.options, prisma.TicketTier],
    [ZCheckInResult.options, prisma.CheckInResult],
    [ZScanMethod.options, prisma.ScanMethod],
    [ZNfcCardStatus.options, prisma.NfcCardStatus],
    [ZRole.options, prisma.Role],
    [ZMessageChannel.options, prisma.MessageChannel],
    [ZDeliveryStatus.options, prisma.DeliveryStatus],
  ];
  for (const [shared, db] of pairs) expect([...shared].sort()).toEqual(Object.values(db).sort());
});
