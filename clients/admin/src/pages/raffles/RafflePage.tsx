/**
 * One raffle in the admin console (issue 8; seed 000 §2 "raffle updates: edit form with
 * validation, partial updates, confirmation dialogs", "winner selection UI + display"): facts,
 * images (multipart upload to `POST /api/admin/raffles/:id/images` with the admin session;
 * preview; remove), edit (only changed fields are sent), publish, close / commit / draw with
 * confirmation dialogs, cancel behind a typed confirmation (every paid entry is refunded), and
 * the winners (rank, entry number, customer, claim status, deadline). SUPPORT admins read only.
 * Also `NewRafflePage` (create).
 */
import { formatMoney, type RouterOutputs, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, GuardedButton, TextAreaField } from '@admit/ui/console-controls.tsx';
import { type ChangeEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DetailPage } from '../../components/DetailPage.tsx';
import { LoadError, useAdmin } from '../../session.tsx';
import { changedFields, RaffleForm, type RaffleValues } from './RaffleForm.tsx';
import { RaffleStatusBadge } from './raffle-status.tsx';

type Raffle = RouterOutputs['admin']['raffles']['get'];
type Action = 'publish' | 'close' | 'commit' | 'draw' | 'cancel' | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READ_ONLY = 'Your admin role (Support) can view raffles but not change them.';
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export function NewRafflePage() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const { can } = useAdmin();
  const create = trpc.admin.raffles.create.useMutation({
    onSuccess: (r) => {
      void utils.admin.raffles.invalidate();
      navigate(`/raffles/${r.id}?created=1`);
    },
  });
  if (!can('raffles.write')) {
    return (
      <div className="page page--medium">
        <h1 className="page-title">New raffle</h1>
        <p className="ui-error">{READ_ONLY}</p>
      </div>
    );
  }
  return (
    <div className="page page--medium">
      <Link to="/raffles" className="back-link">
        ← Raffles
      </Link>
      <h1 className="page-title">New raffle</h1>
      <section className="ui-card console-card">
        <RaffleForm
          initial={null}
          lockedSales={false}
          submitLabel="Create draft"
          pending={create.isPending}
          error={create.error}
          onCancel={() => navigate('/raffles')}
          onSubmit={(v) => {
            const { slug, prizeValueMinor, ...rest } = v;
            create.mutate({ ...rest, ...(slug ? { slug } : {}), prizeValueMinor });
          }}
        />
      </section>
    </div>
  );
}

export function RafflePage() {
  const { id = '' } = useParams();
  return <RaffleDetail key={id} id={id} />;
}

function RaffleDetail({ id }: { id: string }) {
  const valid = UUID.test(id);
  const raffle = trpc.admin.raffles.get.useQuery({ id }, { enabled: valid });
  return (
    <DetailPage query={raffle} valid={valid} noun="raffle" back="/raffles" backLabel="Raffles">
      {(r) => <RaffleView raffle={r} />}
    </DetailPage>
  );
}

function RaffleView({ raffle }: { raffle: Raffle }) {
  const { can } = useAdmin();
  const writable = can('raffles.write');
  const utils = trpc.useUtils();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const [done, setDone] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get('created') ? 'Draft created. Add images, then publish.' : null,
  );
  const refresh = () => {
    void utils.admin.raffles.invalidate();
    void utils.admin.audit.invalidate();
  };
  const after = (msg: string) => () => {
    setAction(null);
    setDone(msg);
    refresh();
  };
  const update = trpc.admin.raffles.update.useMutation({
    onSuccess: () => {
      setEditing(false);
      setDone('Changes saved.');
      refresh();
    },
  });
  const publish = trpc.admin.raffles.publish.useMutation({ onSuccess: after('Published: the raffle is live.') });
  const close = trpc.admin.raffles.close.useMutation({ onSuccess: after('Sales closed.') });
  const commit = trpc.admin.raffles.commit.useMutation({ onSuccess: after('Commitment published.') });
  const draw = trpc.admin.raffles.draw.useMutation({ onSuccess: after('Winners drawn and notified.') });
  const cancel = trpc.admin.raffles.cancel.useMutation({
    onSuccess: (r) => {
      setAction(null);
      setDone(`Cancelled. ${r.paidOrders} paid order(s) are being refunded.`);
      refresh();
    },
  });
  const s = raffle.status;
  const values: RaffleValues = {
    ...raffle,
    opensAt: new Date(raffle.opensAt),
    closesAt: new Date(raffle.closesAt),
    drawAt: new Date(raffle.drawAt),
  };
  const guard = (allowed: boolean, why: string) => (!writable ? READ_ONLY : allowed ? null : why);

  return (
    <article className="stack">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap' }}>
        <h1 className="page-title" style={{ margin: 0 }}>
          {raffle.title}
        </h1>
        <RaffleStatusBadge status={s} />
      </div>
      {done && (
        <div className="notice notice--ok" role="status" data-testid="raffle-done">
          {done}
        </div>
      )}
      <nav className="actions" aria-label="Raffle actions">
        <GuardedButton
          blockedReason={guard(s === 'DRAFT' || s === 'OPEN', 'Only a draft or open raffle can be edited.')}
          onClick={() => setEditing(true)}
        >
          Edit
        </GuardedButton>
        <GuardedButton
          blockedReason={guard(s === 'DRAFT', 'Only a draft can be published.')}
          onClick={() => setAction('publish')}
        >
          Publish
        </GuardedButton>
        <GuardedButton
          blockedReason={guard(s === 'OPEN', 'Only an open raffle can be closed.')}
          onClick={() => setAction('close')}
        >
          Close sales
        </GuardedButton>
        <GuardedButton blockedReason={guard(s === 'CLOSED', 'Close sales first.')} onClick={() => setAction('commit')}>
          Commit
        </GuardedButton>
        <GuardedButton
          blockedReason={guard(s === 'COMMITTED', 'Publish the commitment first.')}
          onClick={() => setAction('draw')}
        >
          Draw winners
        </GuardedButton>
        <GuardedButton
          className="ui-button ui-button--danger"
          blockedReason={guard(
            ['DRAFT', 'OPEN', 'CLOSED', 'COMMITTED'].includes(s),
            'A drawn or cancelled raffle cannot be cancelled.',
          )}
          onClick={() => setAction('cancel')}
        >
          Cancel raffle
        </GuardedButton>
      </nav>

      {editing ? (
        <section className="ui-card console-card">
          <h2 className="console-card__title">Edit</h2>
          <RaffleForm
            initial={values}
            lockedSales={s !== 'DRAFT'}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(false)}
            onSubmit={(v) => {
              const changes = changedFields(values, v);
              if (!changes.slug) delete changes.slug;
              if (Object.keys(changes).length === 0) {
                setEditing(false);
                setDone('Nothing changed.');
                return;
              }
              const { slug: _slug, ...rest } = changes;
              update.mutate({ id: raffle.id, ...rest });
            }}
          />
        </section>
      ) : (
        <Facts raffle={raffle} />
      )}
      <Images raffle={raffle} writable={writable && (s === 'DRAFT' || s === 'OPEN')} onChanged={refresh} />
      <Winners raffle={raffle} />

      <ConfirmDialog
        open={action === 'publish'}
        title="Publish this raffle?"
        danger={false}
        confirmLabel="Publish"
        pending={publish.isPending}
        error={publish.error}
        onCancel={() => setAction(null)}
        onConfirm={() => publish.mutate({ id: raffle.id })}
      >
        <p>
          It appears on the public raffles page and entries go on sale from {formatDateTime(raffle.opensAt)}. Price,
          currency, total entries and the number of winners cannot change afterwards.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'close'}
        title="Close sales now?"
        danger={false}
        confirmLabel="Close sales"
        pending={close.isPending}
        error={close.error}
        onCancel={() => setAction(null)}
        onConfirm={() => close.mutate({ raffleId: raffle.id })}
      >
        <p>No more entries can be bought or claimed for free. Unpaid held orders lapse as usual.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'commit'}
        title="Publish the commitment?"
        danger={false}
        confirmLabel="Commit"
        pending={commit.isPending}
        error={commit.error}
        onCancel={() => setAction(null)}
        onConfirm={() => commit.mutate({ raffleId: raffle.id })}
      >
        <p>
          The entry list is fixed and its fingerprint published, together with the source of randomness (a future drand
          round, or the hash of a secret seed). From then on anyone can check the draw.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'draw'}
        title="Draw the winners?"
        danger={false}
        confirmLabel="Draw winners"
        pending={draw.isPending}
        error={draw.error}
        onCancel={() => setAction(null)}
        onConfirm={() => draw.mutate({ raffleId: raffle.id })}
      >
        <p>
          The committed randomness selects {raffle.winnersCount} winner{raffle.winnersCount === 1 ? '' : 's'}. Winners
          are notified at once and have {raffle.claimDays} days to claim. This cannot be undone.
        </p>
      </ConfirmDialog>
      <CancelDialog
        raffle={raffle}
        open={action === 'cancel'}
        pending={cancel.isPending}
        error={cancel.error}
        onCancel={() => setAction(null)}
        onConfirm={(reason) => cancel.mutate({ id: raffle.id, reason })}
      />
    </article>
  );
}

function Facts({ raffle }: { raffle: Raffle }) {
  return (
    <section className="ui-card console-card" aria-label="Details">
      <dl className="facts">
        <dt>Slug</dt>
        <dd className="mono">{raffle.slug}</dd>
        <dt>Prize</dt>
        <dd>
          {raffle.prizeTitle}
          {raffle.prizeValueMinor != null && <> · {formatMoney(raffle.prizeValueMinor, raffle.currency)}</>}
        </dd>
        <dt>Entry price</dt>
        <dd data-testid="raffle-price">{formatMoney(raffle.entryPriceMinor, raffle.currency)}</dd>
        <dt>Entries</dt>
        <dd>
          {raffle.entriesTaken} taken of {raffle.totalEntries} · up to {raffle.maxEntriesPerUser} per person
        </dd>
        <dt>Winners</dt>
        <dd>
          {raffle.winnersCount} · {raffle.claimDays} days to claim
        </dd>
        <dt>Sales</dt>
        <dd>
          {formatDateTime(raffle.opensAt)} → {formatDateTime(raffle.closesAt)}
        </dd>
        <dt>Draw</dt>
        <dd>{formatDateTime(raffle.drawAt)}</dd>
        {raffle.drawMode && (
          <>
            <dt>Draw mode</dt>
            <dd>{raffle.drawMode === 'DRAND' ? 'drand public randomness' : 'Commit-reveal'}</dd>
          </>
        )}
        {raffle.commitmentHash && (
          <>
            <dt>Commitment</dt>
            <dd className="mono small" style={{ wordBreak: 'break-all' }}>
              {raffle.commitmentHash}
            </dd>
          </>
        )}
        {raffle.cancelReason && (
          <>
            <dt>Cancelled</dt>
            <dd>{raffle.cancelReason}</dd>
          </>
        )}
      </dl>
      <p className="small">{raffle.description}</p>
    </section>
  );
}

/** Upload with the admin's session cookie; the server checks type and size again. */
async function uploadImage(raffleId: string, file: File): Promise<{ url: string; imageUrls: string[] }> {
  const body = new FormData();
  body.append('file', file);
  const res = await fetch(`/api/admin/raffles/${raffleId}/images`, { method: 'POST', body, credentials: 'include' });
  if (!res.ok) {
    let message = `The upload failed (HTTP ${res.status}).`;
    try {
      const j = (await res.json()) as { message?: string; error?: { message?: string } };
      message = j.message ?? j.error?.message ?? message;
    } catch {
      // not JSON: keep the generic message
    }
    throw new Error(message);
  }
  return (await res.json()) as { url: string; imageUrls: string[] };
}

function Images({ raffle, writable, onChanged }: { raffle: Raffle; writable: boolean; onChanged: () => void }) {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const update = trpc.admin.raffles.update.useMutation({ onSuccess: onChanged });
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    if (!IMAGE_TYPES.includes(file.type)) return setError('Choose a JPEG, PNG or WebP image.');
    if (file.size > MAX_IMAGE_BYTES) return setError('The image is larger than 5 MB.');
    const url = URL.createObjectURL(file);
    setPreview(url);
    setBusy(true);
    try {
      await uploadImage(raffle.id, file);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setPreview(null);
      URL.revokeObjectURL(url);
    }
  };
  return (
    <section className="ui-card console-card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="console-card__title">
        Images
      </h2>
      <div className="row" style={{ flexWrap: 'wrap', gap: '0.75rem' }} data-testid="raffle-images">
        {raffle.imageUrls.length === 0 && !preview && <p className="muted">No images yet.</p>}
        {raffle.imageUrls.map((u) => (
          <figure key={u} style={{ margin: 0 }}>
            <img src={u} alt="" style={{ width: 160, height: 100, objectFit: 'cover', borderRadius: 8 }} />
            {writable && (
              <figcaption>
                <button
                  type="button"
                  className="link-button small"
                  disabled={update.isPending}
                  onClick={() => update.mutate({ id: raffle.id, imageUrls: raffle.imageUrls.filter((x) => x !== u) })}
                >
                  Remove
                </button>
              </figcaption>
            )}
          </figure>
        ))}
        {preview && (
          <figure style={{ margin: 0, opacity: 0.6 }}>
            <img
              src={preview}
              alt="Uploading"
              style={{ width: 160, height: 100, objectFit: 'cover', borderRadius: 8 }}
            />
            <figcaption className="small">Uploading…</figcaption>
          </figure>
        )}
      </div>
      {writable && (
        <div className="ui-field">
          <label htmlFor={inputId}>Add an image (JPEG, PNG or WebP, up to 5 MB)</label>
          <input
            id={inputId}
            type="file"
            accept={IMAGE_TYPES.join(',')}
            onChange={(e) => void pick(e)}
            disabled={busy}
          />
        </div>
      )}
      {error && (
        <div className="ui-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}

function Winners({ raffle }: { raffle: Raffle }) {
  const drawn = ['DRAWN', 'FULFILLED'].includes(raffle.status);
  const winners = trpc.admin.raffles.winners.useQuery({ id: raffle.id }, { enabled: drawn });
  return (
    <section className="ui-card console-card" aria-label="Winners">
      <h2 className="console-card__title">Winners</h2>
      {!drawn ? (
        <p className="muted">Winners appear here after the draw.</p>
      ) : winners.isPending ? (
        <Spinner label="Loading winners…" />
      ) : winners.isError ? (
        <LoadError error={winners.error} onRetry={() => void winners.refetch()} />
      ) : winners.data.length === 0 ? (
        <p className="muted">No winners (no valid entries).</p>
      ) : (
        <div className="table-card">
          <table className="data-table" data-testid="winners-table">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Entry</th>
                <th scope="col">Customer</th>
                <th scope="col">Claim</th>
                <th scope="col">Deadline</th>
              </tr>
            </thead>
            <tbody>
              {winners.data.map((w) => (
                <tr key={w.id} data-testid="winner-row" data-status={w.status}>
                  <td data-label="Rank">{w.rank}</td>
                  <td data-label="Entry" className="mono">
                    #{w.entryNumber}
                  </td>
                  <td data-label="Customer">
                    <Link to={`/users/${w.userId}`}>{w.customerName}</Link>
                  </td>
                  <td data-label="Claim">
                    {w.status === 'CLAIMED'
                      ? `Claimed ${w.claimedAt ? formatDateTime(w.claimedAt) : ''}`
                      : w.status === 'FORFEITED'
                        ? 'Forfeited'
                        : 'Awaiting claim'}
                  </td>
                  <td data-label="Deadline" className="nowrap">
                    {formatDateTime(w.claimDeadline)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CancelDialog({
  raffle,
  open,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  raffle: Raffle;
  open: boolean;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const id = useId();
  const ok = typed.trim() === raffle.slug && reason.trim().length >= 3;
  return (
    <ConfirmDialog
      open={open}
      title="Cancel this raffle?"
      confirmLabel="Cancel raffle and refund"
      cancelLabel="Keep it"
      pending={pending}
      confirmDisabled={!ok}
      error={error}
      onCancel={() => {
        setTyped('');
        onCancel();
      }}
      onConfirm={() => onConfirm(reason.trim())}
    >
      <p>
        <strong>Every paid entry will be refunded</strong> to the card that paid for it ({raffle.entriesTaken} entries
        taken so far), unpaid held orders are cancelled, and every participant is told why. No draw will take place.
        This cannot be undone.
      </p>
      <TextAreaField
        label="Reason (shown to participants)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="ui-field">
        <label htmlFor={`${id}-typed`}>
          Type <span className="mono">{raffle.slug}</span> to confirm
        </label>
        <input
          id={`${id}-typed`}
          className="ui-input"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </div>
    </ConfirmDialog>
  );
}
