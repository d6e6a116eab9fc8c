/**
 * What the checkout page says, by what the order buys (ADR 0010 "one checkout, many kinds"; issue 7).
 * The hold countdown, the expired / cancelled / paid notices and the way back are worded for the
 * order's lines: event tickets are held (quota or seats), raffle entries are held against the
 * raffle's cap, while an NFC card fee or a card reload holds nothing — the customer only has a
 * window to pay, and a lapse charges nothing.
 */

/** An order line's kind (prisma `OrderLineKind`). */
export type LineKind = 'EVENT_TICKET' | 'RAFFLE_ENTRY' | 'NFC_CARD_FEE' | 'NFC_RELOAD';

/** What an order buys; an order mixes no kinds today, so the first telling kind wins. */
export type CheckoutPurpose = 'tickets' | 'raffle' | 'cardFee' | 'reload';

export function purposeOf(lines: readonly { kind: LineKind }[]): CheckoutPurpose {
  if (lines.some((l) => l.kind === 'RAFFLE_ENTRY')) return 'raffle';
  if (lines.some((l) => l.kind === 'NFC_CARD_FEE')) return 'cardFee';
  if (lines.some((l) => l.kind === 'NFC_RELOAD')) return 'reload';
  return 'tickets';
}

export interface CheckoutWords {
  /** before the countdown, e.g. "Tickets held for" */
  countdown: string;
  /** the expired notice: a bold lead and a sentence */
  expired: { lead: string; text: string };
  /** the cancelled notice's sentence (after "This order was cancelled.") */
  cancelled: string;
  /** the paid notice's sentence (after "Paid.") and its link label */
  paid: { text: string; link: string };
  /** the link back: after a cancellation, and after a lapse (to try again) */
  back: string;
  backAgain: string;
}

const WORDS: Record<CheckoutPurpose, CheckoutWords> = {
  tickets: {
    countdown: 'Tickets held for',
    expired: {
      lead: 'Your hold has expired.',
      text: 'The tickets were released because payment was not completed in time.',
    },
    cancelled: 'The tickets went back on sale.',
    paid: { text: 'Your tickets are ready.', link: 'Go to my tickets' },
    back: 'Back to the event',
    backAgain: 'Back to the event to book again',
  },
  raffle: {
    countdown: 'Entries held for',
    expired: {
      lead: 'Your hold has expired.',
      text: 'The entries were released because payment was not completed in time.',
    },
    cancelled: 'The entries were released.',
    paid: { text: 'Your entries are numbered and in the draw.', link: 'See my entries' },
    back: 'Back to the raffle',
    backAgain: 'Back to the raffle to enter again',
  },
  cardFee: {
    countdown: 'Pay the card fee within',
    expired: {
      lead: 'The time to pay has run out.',
      text: 'Nothing was charged. You can request the card again from My cards.',
    },
    cancelled: 'Nothing was charged. You can request the card again from My cards.',
    paid: { text: 'Your card fee is paid: any Admit card desk can now hand you your card.', link: 'Go to my cards' },
    back: 'Back to my cards',
    backAgain: 'Back to my cards to request it again',
  },
  reload: {
    countdown: 'Complete the reload within',
    expired: {
      lead: 'The time to pay has run out.',
      text: 'Nothing was charged and the card balance is unchanged.',
    },
    cancelled: 'Nothing was charged and the card balance is unchanged.',
    paid: { text: 'The amount is on your card.', link: 'Go to my cards' },
    back: 'Back to my cards',
    backAgain: 'Back to my cards to reload again',
  },
};

/** The checkout's wording for what the order buys. */
export function checkoutWords(purpose: CheckoutPurpose): CheckoutWords {
  return WORDS[purpose];
}
