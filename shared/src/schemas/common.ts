import { z } from 'zod';

/** UUID of any entity. */
export const ZId = z.uuid();

/** E.164 mobile number, e.g. +201001234567 (ITU-T E.164: at most 15 digits). */
export const ZMobile = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, 'Use international format, e.g. +201001234567');

/** Password rules (NIST SP 800-63B: at least 8, allow long passphrases). */
export const ZPassword = z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters');

/** A 6-digit one-time code. */
export const ZOtpCode = z.string().regex(/^\d{6}$/, 'Six digits');

export const ZPersonName = z.string().trim().min(1).max(80);

/** Query-string friendly page selector: `page` is 1-based. */
export const ZPageInput = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TPageInput = z.infer<typeof ZPageInput>;

export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
  });
}
export interface TPage<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

/** Money: integer minor units plus ISO 4217 currency (DESIGN.md "Data rules"). */
export const ZMoney = z.object({ amountMinor: z.number().int(), currency: z.string().length(3) });

export const ZOk = z.object({ ok: z.literal(true) });
