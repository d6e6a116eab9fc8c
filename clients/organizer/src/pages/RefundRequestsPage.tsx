/**
 * Refund requests for the organizer's events (issue 4 "Refunds"; seed 003 Plan 1 refund-request,
 * decided by the event's organizer): filter by status and event; approve with an optional note
 * to the customer (the refund is issued at once, under the event's policy) or reject with a
 * required reason (@admit/ui/refund-requests.tsx).
 */
import { trpc } from '@admit/ui';
import { EnumOptions, parsePage, SelectField } from '@admit/ui/console-controls.tsx';
import { REFUND_REQUEST_STATUSES, type RefundRequestRow, RefundRequestsView } from '@admit/ui/refund-requests.tsx';
import { Link, useSearchParams } from 'react-router';
import { EventFilter } from '../EventFilter.tsx';

type Status = RefundRequestRow['status'];

export function RefundRequestsPage() {
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  // pending requests first: that is the work to do
  const statusParam = params.get('status') ?? 'PENDING';
  const status = REFUND_REQUEST_STATUSES.includes(statusParam as Status) ? (statusParam as Status) : undefined;
  const eventId = params.get('event') ?? '';
  const page = parsePage(params.get('page'));

  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value !== null) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    });

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Refund requests</h1>
      </div>
      <p className="page-intro">
        Customers ask for refunds until your event's refund deadline. Approving refunds the customer at once, minus your
        refund fee; it comes out of what you are paid for the event.
      </p>
      <search aria-label="Filter refund requests">
        <div className="filter-bar">
          <SelectField
            label="Status"
            name="status"
            value={status ?? 'ALL'}
            onChange={(e) => set('status', e.target.value)}
          >
            <EnumOptions values={REFUND_REQUEST_STATUSES} />
            <option value="ALL">Any status</option>
          </SelectField>
          <EventFilter value={eventId} onChange={(id) => set('event', id || null)} />
        </div>
      </search>
      <RefundRequestsView
        api={trpc.organizer.refundRequests}
        filter={{ page, pageSize: 20, ...(status ? { status } : {}), ...(eventId ? { eventId } : {}) }}
        onPage={(p) => set('page', p > 1 ? String(p) : null)}
        eventLink={(id, title) => <Link to={`/events/${id}`}>{title}</Link>}
        onDecided={() => void utils.organizer.events.invalidate()}
      />
    </div>
  );
}
