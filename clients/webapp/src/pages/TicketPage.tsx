import { errorInfo, formatInZone, Spinner, trpc } from '@admit/ui';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type RefundableTicket, RefundRequestDialog } from '../components/RefundRequestDialog.tsx';
import { LoadError } from '../session.tsx';
import { categoryWithTier } from '../util.ts';
import { TicketTransferAction } from './customer/TransferDialog.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { TicketStatus } from './TicketsPage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function TicketPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const ticket = trpc.customer.tickets.get.useQuery({ id }, { enabled: valid });

  if (!valid || (ticket.isError && errorInfo(ticket.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Ticket not found" to="/tickets" action="My tickets">
        <p>It is not among your tickets.</p>
      </NotFoundPage>
    );
  }

  return (
    <div className="page">
      <Link to="/tickets" className="back-link">
        ← My tickets
      </Link>
      {ticket.isPending ? (
        <Spinner label="Loading ticket…" />
      ) : ticket.isError && !ticket.data ? (
        <LoadError error={ticket.error} onRetry={() => void ticket.refetch()} />
      ) : ticket.data ? (
        <div className="ticket-detail">
          <section className="ui-card" aria-labelledby="ticket-title">
            <h1 id="ticket-title" className="page-title" style={{ marginTop: 0 }}>
              {ticket.data.event.title}
            </h1>
            <TicketStatus ticket={ticket.data} />
            <dl className="facts" style={{ marginTop: '1rem' }}>
              <dt>When</dt>
              <dd>{formatInZone(ticket.data.event.startsAt, ticket.data.event.timeZone)}</dd>
              <dt>Where</dt>
              <dd>
                {ticket.data.event.venueName}, {ticket.data.event.city}
              </dd>
              <dt>Attendee</dt>
              <dd data-testid="ticket-attendee">{ticket.data.attendeeName}</dd>
              <dt>Ticket</dt>
              <dd>{categoryWithTier(ticket.data.category)}</dd>
              {ticket.data.seat && (
                <>
                  <dt>Seat</dt>
                  <dd data-testid="ticket-seat">
                    {ticket.data.seat.section} · Row {ticket.data.seat.row} · Seat {ticket.data.seat.number}
                  </dd>
                </>
              )}
              <dt>Reference</dt>
              <dd className="mono" data-testid="ticket-reference">
                {ticket.data.reference}
              </dd>
              <dt>Order</dt>
              <dd className="mono">{ticket.data.orderCode}</dd>
              {ticket.data.checkedInAt && (
                <>
                  <dt>Checked in</dt>
                  <dd>{formatInZone(ticket.data.checkedInAt, ticket.data.event.timeZone)}</dd>
                </>
              )}
            </dl>
            {ticket.data.status === 'VOID' && (
              <div className="notice notice--warn" role="status">
                This ticket is void and will not be admitted.
              </div>
            )}
            {ticket.data.status === 'REFUNDED' && (
              <div className="notice" role="status">
                This ticket was refunded and will not be admitted.
              </div>
            )}
            {ticket.data.status === 'VALID' &&
              !ticket.data.checkedInAt &&
              new Date(ticket.data.event.startsAt).getTime() > Date.now() && (
                <TicketTransferAction
                  ticket={{ id: ticket.data.id, reference: ticket.data.reference, eventTitle: ticket.data.event.title }}
                />
              )}
            {ticket.data.status === 'VALID' && !ticket.data.checkedInAt && (
              <TicketRefund
                ticket={{ id: ticket.data.id, reference: ticket.data.reference, label: ticket.data.attendeeName }}
              />
            )}
          </section>
          <TicketQr id={ticket.data.id} reference={ticket.data.reference} />
        </div>
      ) : null}
    </div>
  );
}

/** "Request a refund" for this one ticket (the order page can refund several). */
function TicketRefund({ ticket }: { ticket: RefundableTicket }) {
  const [asking, setAsking] = useState(false);
  const [requested, setRequested] = useState(false);
  return (
    <div className="actions">
      {requested ? (
        <div className="notice notice--ok" role="status">
          Your refund request was sent to the organizer. <Link to="/refunds">See your refund requests</Link>
        </div>
      ) : (
        <button type="button" className="ui-button ui-button--ghost ui-button--small" onClick={() => setAsking(true)}>
          Request a refund
        </button>
      )}
      {asking && (
        <RefundRequestDialog
          open
          tickets={[ticket]}
          onClose={() => setAsking(false)}
          onRequested={() => {
            setAsking(false);
            setRequested(true);
          }}
        />
      )}
    </div>
  );
}

function TicketQr({ id, reference }: { id: string; reference: string }) {
  const qr = trpc.customer.tickets.qrCode.useQuery({ id, format: 'png' }, { staleTime: Number.POSITIVE_INFINITY });
  return (
    <figure className="qr-frame" style={{ margin: 0 }}>
      {qr.isPending ? (
        <div className="qr-frame__placeholder">
          <Spinner label="Loading QR code…" />
        </div>
      ) : qr.isError ? (
        <div className="qr-frame__placeholder">
          <LoadError error={qr.error} onRetry={() => void qr.refetch()} />
        </div>
      ) : (
        <img
          data-testid="ticket-qr"
          alt="Ticket QR code"
          src={`data:${qr.data.mimeType || 'image/png'};base64,${qr.data.data}`}
          width={320}
          height={320}
          style={{ width: '320px', height: '320px', imageRendering: 'pixelated' }}
        />
      )}
      <figcaption className="qr-frame__caption">
        Show this code at the gate. Ref <span className="mono">{reference}</span>. Turn your screen brightness up.
      </figcaption>
    </figure>
  );
}
