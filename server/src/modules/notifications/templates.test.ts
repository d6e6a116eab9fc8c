import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatMoney,
  html,
  type NotificationKind,
  type NotificationVars,
  render,
  renderRedacted,
  TEMPLATES,
} from './templates.ts';

const EVIL = '<script>alert("x")</script> & \'friends\'';

/** Variables for every kind, every string one hostile. */
const SAMPLES: { [K in NotificationKind]: NotificationVars[K] } = {
  'otp.login': { code: '123456', minutes: 10 },
  'otp.verify_mobile': { code: '123456', minutes: 10 },
  'otp.password_reset': { code: '123456', minutes: 10 },
  'otp.change_mobile': { code: '123456', minutes: 10 },
  'otp.card_assignment': { code: '123456', minutes: 10, merchantName: EVIL },
  'card.assigned': { cardUid: EVIL, merchantName: EVIL },
  'card.assignment_confirmed': { cardUid: EVIL, customerName: EVIL },
  'order.paid': { orderCode: EVIL, tickets: 2 },
  'ticket.received': { eventTitle: EVIL, fromName: EVIL, tickets: 1 },
  'ticket.transferred': { eventTitle: EVIL, toName: EVIL, tickets: 3 },
  'ticket.transfer_offered': { eventTitle: EVIL, fromName: EVIL, gift: true, message: EVIL, expiresAt: EVIL },
  'ticket.transfer_declined': { eventTitle: EVIL, toName: EVIL },
  'refund.issued': { orderCode: EVIL, amountMinor: 45_000, currency: 'EGP' },
  'refund.requested': { orderCode: EVIL, eventTitle: EVIL, tickets: 2, reason: EVIL },
  'refund.approved': { orderCode: EVIL, eventTitle: EVIL, amountMinor: 45_000, currency: 'EGP' },
  'refund.rejected': { orderCode: EVIL, eventTitle: EVIL, reason: EVIL },
  'refund.failed': { orderCode: EVIL, amountMinor: 45_000, currency: 'EGP', failureReason: EVIL },
  'event.changed': { eventTitle: EVIL, change: EVIL },
  'event.cancelled': { eventTitle: EVIL, refundNote: EVIL },
  'incident.reported': {
    eventTitle: EVIL,
    severity: 'HIGH',
    category: 'SECURITY',
    description: EVIL,
    reportedBy: EVIL,
  },
  'payout.paid': { reference: EVIL, eventTitle: EVIL, amountMinor: 57_000, currency: 'EGP' },
  'event.edit_reviewed': { eventTitle: EVIL, approved: false, note: EVIL },
  'payment.failed': { orderCode: EVIL, amountMinor: 45_000, currency: 'EGP', reason: EVIL },
  'payment.late_refunded': { orderCode: EVIL, amountMinor: 45_000, currency: 'EGP' },
  'payment.disputed': { orderCode: EVIL, amountMinor: 45_000, currency: 'EGP', reason: EVIL },
  'raffle.won': { raffleTitle: EVIL, prizeTitle: EVIL, rank: 1, entryNumber: 7, claimBy: EVIL },
  'raffle.drawn': { raffleTitle: EVIL, verifyUrl: EVIL },
  'raffle.claim-reminder': { raffleTitle: EVIL, prizeTitle: EVIL, claimBy: EVIL },
  'raffle.cancelled': { raffleTitle: EVIL, reason: EVIL, refundNote: EVIL },
};

const kinds = Object.keys(TEMPLATES) as NotificationKind[];

describe('notification templates', () => {
  it('cover the kinds of issue 5', () => {
    expect(kinds.sort()).toEqual(
      [
        'event.cancelled',
        'incident.reported',
        'event.changed',
        'order.paid',
        'otp.change_mobile',
        'otp.card_assignment',
        'card.assigned',
        'card.assignment_confirmed',
        'otp.login',
        'otp.password_reset',
        'otp.verify_mobile',
        'payment.disputed',
        'payment.failed',
        'payment.late_refunded',
        'payout.paid',
        'event.edit_reviewed',
        'refund.approved',
        'refund.failed',
        'refund.issued',
        'refund.rejected',
        'refund.requested',
        'ticket.received',
        'ticket.transferred',
        'ticket.transfer_offered',
        'ticket.transfer_declined',
        'raffle.won',
        'raffle.drawn',
        'raffle.claim-reminder',
        'raffle.cancelled',
      ].sort(),
    );
  });

  it.each(kinds)('%s escapes every variable in its HTML and keeps text plain', (kind) => {
    const out = render(kind, SAMPLES[kind] as never);
    expect(out.subject.length).toBeGreaterThan(0);
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toMatch(/alert\("x"\)/);
    expect(out.html).toMatch(/<!doctype html>[\s\S]*<\/html>$/);
    if (!kind.startsWith('otp.')) {
      expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;');
      // the text is not HTML: it carries the variable as given
      expect(out.text).toContain(EVIL);
    }
  });

  it('one-time codes: the 6-digit code in the text, masked in what is stored', () => {
    for (const kind of kinds.filter((k) => k.startsWith('otp.'))) {
      const sent = render(kind, SAMPLES[kind] as never);
      expect(sent.text).toMatch(/\b123456\b/);
      expect(sent.html).toContain('123456');
      const stored = renderRedacted(kind, SAMPLES[kind] as never);
      expect(`${stored.subject} ${stored.text} ${stored.html}`).not.toContain('123456');
      expect(TEMPLATES[kind].essential).toBe(true);
      expect(TEMPLATES[kind].channels).not.toContain('IN_APP');
    }
  });

  it('the html tag escapes values, keeps nested html, joins arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<a>', html`<br>`]}${null}${undefined}${0}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b>&lt;a&gt;<br>0</p>',
    );
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('formats money in the currency’s minor units', () => {
    expect(formatMoney(45_000, 'EGP')).toMatch(/EGP\s?450\.00/);
    expect(formatMoney(1500, 'JPY')).toMatch(/JPY\s?1,500$/);
    expect(formatMoney(1234, 'KWD')).toMatch(/KWD\s?1\.234/);
  });
});
