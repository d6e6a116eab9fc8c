/**
 * "Transfer or gift this ticket" (seed 003 Plan 1 Phase 4 `POST …/tickets/:id/transfer/` and
 * `…/gift/`; ADR 0020): the recipient's mobile number (a registered Admit customer), and for a
 * gift an optional message. The recipient must accept; until then the sender may cancel.
 */
import { fieldError, trpc } from '@admit/ui';
import { ConfirmDialog, Field, TextAreaField } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';
import { Link } from 'react-router';

export function TransferDialog({
  open,
  ticket,
  onClose,
  onOffered,
}: {
  open: boolean;
  ticket: { id: string; reference: string; eventTitle: string };
  onClose: () => void;
  onOffered: (to: string) => void;
}) {
  const utils = trpc.useUtils();
  const [kind, setKind] = useState<'GIFT' | 'TRANSFER'>('GIFT');
  const [mobile, setMobile] = useState('');
  const [message, setMessage] = useState('');
  const onSuccess = (t: { to: { name: string } }) => {
    void utils.customer.transfers.invalidate();
    setMobile('');
    setMessage('');
    onOffered(t.to.name);
  };
  const gift = trpc.customer.tickets.gift.useMutation({ onSuccess });
  const transfer = trpc.customer.tickets.transfer.useMutation({ onSuccess });
  const m = kind === 'GIFT' ? gift : transfer;
  const mobileError = fieldError(m.error, 'mobile');
  const messageError = fieldError(m.error, 'message');
  const close = () => {
    gift.reset();
    transfer.reset();
    onClose();
  };
  const submit = () => {
    const to = mobile.replace(/[\s-]/g, '');
    if (kind === 'GIFT') gift.mutate({ id: ticket.id, mobile: to, ...(message.trim() ? { message } : {}) });
    else transfer.mutate({ id: ticket.id, mobile: to });
  };
  return (
    <ConfirmDialog
      open={open}
      title="Send this ticket to someone"
      confirmLabel={kind === 'GIFT' ? 'Send gift' : 'Send transfer'}
      cancelLabel="Keep my ticket"
      danger={false}
      pending={m.isPending}
      confirmDisabled={!mobile.trim()}
      error={mobileError || messageError ? null : m.error}
      onConfirm={submit}
      onCancel={close}
    >
      <p className="small">
        {ticket.eventTitle} · <span className="mono">{ticket.reference}</span>
      </p>
      <fieldset className="ticket-picks">
        <legend>How</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'GIFT'} onChange={() => setKind('GIFT')} /> Gift, with a
          message
        </label>{' '}
        <label>
          <input type="radio" name="kind" checked={kind === 'TRANSFER'} onChange={() => setKind('TRANSFER')} /> Transfer
        </label>
      </fieldset>
      <Field
        label="Recipient's mobile number"
        name="mobile"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        placeholder="+201001234567"
        value={mobile}
        onChange={(e) => setMobile(e.target.value)}
        error={mobileError}
        hint="They need an Admit account with this number."
      />
      {kind === 'GIFT' && (
        <TextAreaField
          label="Message (optional)"
          name="message"
          maxLength={500}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          error={messageError}
        />
      )}
      <p className="muted small">
        Once they accept, the ticket is theirs with a new QR code, and your QR code stops working. You can cancel until
        then; the offer lapses after 72 hours or when the event starts.
      </p>
    </ConfirmDialog>
  );
}

/** "Transfer or gift" under a ticket that may still change hands (valid, unscanned, event not started). */
export function TicketTransferAction({ ticket }: { ticket: { id: string; reference: string; eventTitle: string } }) {
  const [open, setOpen] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <div className="actions">
      {sentTo ? (
        <div className="notice notice--ok" role="status" data-testid="transfer-sent">
          Sent to {sentTo}. It stays yours until they accept. <Link to="/transfers">See your transfers</Link>
        </div>
      ) : (
        <button
          type="button"
          className="ui-button ui-button--ghost ui-button--small"
          data-testid="transfer-open"
          onClick={() => setOpen(true)}
        >
          Transfer or gift
        </button>
      )}
      {open && (
        <TransferDialog
          open
          ticket={ticket}
          onClose={() => setOpen(false)}
          onOffered={(name) => {
            setOpen(false);
            setSentTo(name);
          }}
        />
      )}
    </div>
  );
}
