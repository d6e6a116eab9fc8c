import type { NotifyPayload } from '@admit/shared';
import { trpc, useSocket } from '@admit/ui';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';

interface Toast extends NotifyPayload {
  id: number;
}

const SHOW_MS = 6000;

/**
 * Live notices for the signed-in customer (socket.io `notify` on the user's room), e.g.
 * "Payment received", "Refund issued". Order, refund, payment and event notices also refresh
 * the views that show them (tickets, orders, refund requests, payment history), so a refund
 * approved by the organizer appears without reloading. Hidden on a ticket page so nothing ever
 * covers the QR code.
 */
export function Notifications({ enabled }: { enabled: boolean }) {
  const { socket } = useSocket(enabled);
  const utils = trpc.useUtils();
  const { pathname } = useLocation();
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(() => {
    if (!socket) return;
    let seq = 0;
    const onNotify = (p: NotifyPayload) => {
      const id = ++seq;
      setToasts((t) => [...t.slice(-2), { ...p, id }]);
      window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), SHOW_MS);
      // money moved: refresh what shows it (tickets, orders, refunds, payments)
      if (/^(order|refund|payment|event)\./.test(p.kind)) {
        void utils.customer.tickets.invalidate();
        void utils.customer.orders.invalidate();
        void utils.customer.refundRequests.invalidate();
        void utils.customer.paymentHistory.invalidate();
      }
      // a raffle was drawn, won, or cancelled: refresh My raffles and the raffle pages
      if (p.kind.startsWith('raffle.')) {
        void utils.customer.raffles.invalidate();
        void utils.public.raffles.invalidate();
      }
    };
    socket.on('notify', onNotify);
    return () => {
      socket.off('notify', onNotify);
    };
  }, [socket, utils]);

  const hidden = /^\/tickets\/[^/]+/.test(pathname);
  return (
    <div className="toasts" aria-live="polite">
      {!hidden &&
        toasts.map((t) => (
          <div key={t.id} className="toast" role="status">
            <strong>{t.title}</strong>
            <span>{t.body}</span>
            <button
              type="button"
              className="toast__close"
              aria-label="Dismiss"
              onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}
            >
              ×
            </button>
          </div>
        ))}
    </div>
  );
}
