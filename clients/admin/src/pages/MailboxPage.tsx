/**
 * The development mailbox (issue 5): every message that would have gone to an SMS, WhatsApp or
 * e-mail provider, newest first. Served by the `dev` namespace, which production does not
 * mount — there the page says so. E-mail HTML is shown in a sandboxed frame (no scripts, no
 * same-origin access).
 */
import { EmptyState, errorInfo, Spinner, trpc } from '@admit/ui';
import { formatDateTime, Pagination, parsePage } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../session.tsx';

const PAGE_SIZE = 20;
const CHANNELS = ['SMS', 'EMAIL', 'WHATSAPP'] as const;

export function MailboxPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const channel = CHANNELS.find((c) => c === params.get('channel'));
  const recipient = params.get('to') ?? undefined;
  const [open, setOpen] = useState<string | null>(null);
  const list = trpc.dev.mailbox.useQuery(
    { page, pageSize: PAGE_SIZE, ...(channel ? { channel } : {}), ...(recipient ? { recipient } : {}) },
    { placeholderData: keepPreviousData, refetchInterval: 5000 },
  );
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };

  if (list.isError && errorInfo(list.error).httpStatus === 404) {
    return (
      <div className="page">
        <h1>Mailbox</h1>
        <EmptyState title="Not available here">
          <p>The mailbox exists only in development, where messages are kept instead of being sent.</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Mailbox</h1>
      <p className="muted">
        Messages kept instead of sent (no SMS, WhatsApp or e-mail provider configured). Refreshes every 5 s.
      </p>
      <div className="filters">
        <label>
          Channel{' '}
          <select className="ui-select" value={channel ?? ''} onChange={(e) => set('channel', e.target.value || null)}>
            <option value="">All</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Recipient{' '}
          <input
            className="ui-input"
            defaultValue={recipient ?? ''}
            placeholder="+201000000001 or name@example.com"
            onKeyDown={(e) => {
              if (e.key === 'Enter') set('to', (e.target as HTMLInputElement).value.trim() || null);
            }}
          />
        </label>
      </div>
      {list.isPending ? (
        <Spinner label="Loading messages…" />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No messages yet" />
      ) : (
        <>
          <table className="data-table" data-testid="mailbox">
            <thead>
              <tr>
                <th>Time</th>
                <th>Channel</th>
                <th>To</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((m) => (
                <tr key={m.id} data-testid="mailbox-row">
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>
                    <span className="ui-badge">{m.channel}</span>
                  </td>
                  <td className="mono">{m.recipient}</td>
                  <td>
                    {m.subject && <strong>{m.subject}</strong>}
                    <div className="pre-wrap">{m.body}</div>
                    {m.html && (
                      <button
                        type="button"
                        className="ui-button ui-button--ghost ui-button--small"
                        onClick={() => setOpen(open === m.id ? null : m.id)}
                      >
                        {open === m.id ? 'Hide e-mail' : 'Show e-mail'}
                      </button>
                    )}
                    {m.html && open === m.id && (
                      <iframe title={`E-mail ${m.subject ?? ''}`} sandbox="" srcDoc={m.html} className="mail-frame" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => set('page', p > 1 ? String(p) : null)}
          />
        </>
      )}
    </div>
  );
}
