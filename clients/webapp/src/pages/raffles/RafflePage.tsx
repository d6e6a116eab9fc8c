/**
 * One raffle (seed 000 §3 "ticket quantity selector", "purchase flow with loading/error states"):
 * gallery, prize details, entry price, live entries left (socket.io room `raffle:<id>`, plus a
 * periodic re-read), a quantity selector bounded by the customer's remaining allowance and the
 * entries left, Buy → `customer.raffles.buy` creates a held order and the EXISTING checkout page
 * pays it (same payment path as tickets). Also the free alternative method of entry, the
 * customer's own entry numbers, and after the draw the winners with a link to verify the draw.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, errorInfo, formatMoney, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isUnauthorized, loginPath, useMe } from '../../session.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { EntriesBar, RaffleStatusBadge, useLiveEntriesLeft } from './raffle-util.tsx';
import './raffles.css';

type Raffle = RouterOutputs['public']['raffles']['get'];

const SLUG = /^[A-Za-z0-9-]{1,120}$/;
const DRAWN = ['DRAWN', 'FULFILLED'];

export function RafflePage() {
  const { slug = '' } = useParams();
  const valid = SLUG.test(slug);
  const raffle = trpc.public.raffles.get.useQuery({ id: slug }, { enabled: valid, refetchInterval: 30_000 });
  if (!valid || (raffle.isError && errorInfo(raffle.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Raffle not found">
        <p>It may have been withdrawn, or the link is wrong.</p>
      </NotFoundPage>
    );
  }
  return (
    <div className="page">
      <Link to="/raffles" className="back-link">
        ← All raffles
      </Link>
      {raffle.isPending ? (
        <Spinner label="Loading raffle…" />
      ) : raffle.isError && !raffle.data ? (
        <ErrorNotice error={raffle.error} onRetry={() => void raffle.refetch()} />
      ) : raffle.data ? (
        <RaffleView raffle={raffle.data} />
      ) : null}
    </div>
  );
}

function Gallery({ urls, title }: { urls: string[]; title: string }) {
  const [index, setIndex] = useState(0);
  const main = urls[index] ?? urls[0];
  return (
    <div className="raffle-gallery">
      {main ? (
        <img className="raffle-gallery__main" src={main} alt={title} />
      ) : (
        <div className="raffle-gallery__main" />
      )}
      {urls.length > 1 && (
        <div className="raffle-gallery__thumbs">
          {urls.map((u, i) => (
            <button
              key={u}
              type="button"
              aria-pressed={i === index}
              aria-label={`Image ${i + 1}`}
              onClick={() => setIndex(i)}
            >
              <img src={u} alt="" />
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function RaffleView({ raffle }: { raffle: Raffle }) {
  const me = useMe();
  const signedIn = me.data?.role === 'CUSTOMER';
  const utils = trpc.useUtils();
  // public room: signed-out visitors watch too (anonymous sockets may join raffle rooms)
  const live = useLiveEntriesLeft(raffle.id, true, () => void utils.public.raffles.get.invalidate());
  const entriesLeft = live ?? raffle.entriesLeft;
  const drawn = DRAWN.includes(raffle.status);
  return (
    <article>
      <header className="stack">
        <div className="badge-row">
          <RaffleStatusBadge status={raffle.status} />
        </div>
        <h1 style={{ margin: 0 }}>{raffle.title}</h1>
      </header>
      <div className="event-layout">
        <div className="stack">
          <Gallery urls={raffle.imageUrls} title={raffle.prizeTitle} />
          <section className="ui-card" aria-labelledby="prize-title">
            <h2 id="prize-title" className="section-title" style={{ marginTop: 0 }}>
              The prize: {raffle.prizeTitle}
            </h2>
            <p className="description">{raffle.prizeDescription}</p>
            {raffle.prizeValueMinor != null && (
              <p>
                Prize value: <strong>{formatMoney(raffle.prizeValueMinor, raffle.currency)}</strong>
              </p>
            )}
            <p className="description">{raffle.description}</p>
            <dl className="facts">
              <dt>Sales close</dt>
              <dd>{formatDateTime(raffle.closesAt)}</dd>
              <dt>Draw</dt>
              <dd>{formatDateTime(raffle.drawAt)}</dd>
              <dt>Winners</dt>
              <dd>{raffle.winnersCount}</dd>
              <dt>Per person</dt>
              <dd>up to {raffle.maxEntriesPerUser} entries</dd>
            </dl>
          </section>
          {drawn && <Results raffle={raffle} />}
          {signedIn && <MyEntries raffleId={raffle.id} />}
        </div>
        <BuyPanel raffle={raffle} entriesLeft={entriesLeft} signedIn={signedIn} />
      </div>
    </article>
  );
}

function Results({ raffle }: { raffle: Raffle }) {
  const winners = raffle.winners ?? [];
  return (
    <section className="ui-card" aria-labelledby="results-title" data-testid="raffle-results">
      <h2 id="results-title" className="section-title" style={{ marginTop: 0 }}>
        Results
      </h2>
      {winners.length === 0 ? (
        <p className="muted">The winners are being confirmed.</p>
      ) : (
        <table className="lines">
          <thead>
            <tr>
              <th scope="col">Prize</th>
              <th scope="col">Winning entry</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {winners.map((w) => (
              <tr key={`${w.rank}-${w.entryNumber}`} data-testid="raffle-winner">
                <td>#{w.rank}</td>
                <td className="mono">{w.entryNumber}</td>
                <td>
                  {w.status === 'CLAIMED'
                    ? 'Claimed'
                    : w.status === 'FORFEITED'
                      ? 'Not claimed in time'
                      : 'Awaiting claim'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link to={`/raffles/${raffle.slug}/verify`}>Verify this draw yourself →</Link>
      </p>
    </section>
  );
}

function MyEntries({ raffleId }: { raffleId: string }) {
  const mine = trpc.customer.raffles.myEntries.useQuery({ raffleId });
  return (
    <section className="ui-card" aria-labelledby="mine-title" data-testid="my-entries">
      <h2 id="mine-title" className="section-title" style={{ marginTop: 0 }}>
        Your entries
      </h2>
      {mine.isPending ? (
        <Spinner label="Loading your entries…" />
      ) : mine.isError ? (
        <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />
      ) : mine.data.entries.length === 0 ? (
        <p className="muted">You have no entries in this raffle yet.</p>
      ) : (
        <>
          <p className="muted small">
            {mine.data.entries.length} entr{mine.data.entries.length === 1 ? 'y' : 'ies'}. Each number is one chance to
            win.
          </p>
          <ul className="entry-numbers" aria-label="Your entry numbers">
            {[...mine.data.entries]
              .sort((a, b) => a.number - b.number)
              .map((e) => (
                <li
                  key={e.number}
                  data-testid="entry-number"
                  data-status={e.status}
                  title={e.source === 'FREE' ? 'Free entry' : undefined}
                >
                  #{e.number}
                  {e.status === 'REFUNDED' ? ' (refunded)' : e.source === 'FREE' ? ' (free)' : ''}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

function BuyPanel({ raffle, entriesLeft, signedIn }: { raffle: Raffle; entriesLeft: number; signedIn: boolean }) {
  const id = useId();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const me = useMe();
  const mine = trpc.customer.raffles.myEntries.useQuery({ raffleId: raffle.id }, { enabled: signedIn });
  const allowance = Math.max(0, mine.data?.remainingAllowance ?? raffle.maxEntriesPerUser);
  const max = Math.max(0, Math.min(allowance, entriesLeft));
  const [qty, setQty] = useState(() => params.get('qty') ?? '1');
  const [freeOpen, setFreeOpen] = useState(false);
  const n = Number(qty);
  const qtyValid = Number.isInteger(n) && n >= 1 && n <= max;
  const onSale = raffle.status === 'OPEN' && new Date(raffle.closesAt).getTime() > Date.now();
  const nextFree = mine.data?.nextFreeEntryAt ? new Date(mine.data.nextFreeEntryAt) : null;
  const freeWait = nextFree && nextFree.getTime() > Date.now() ? nextFree : null;

  const buy = trpc.customer.raffles.buy.useMutation({
    onSuccess: (order) => {
      void utils.public.raffles.invalidate();
      navigate(`/checkout/${order.id}?raffle=${encodeURIComponent(raffle.slug)}`);
    },
    onError: (err) => {
      if (isUnauthorized(err)) navigate(loginPath(`/raffles/${raffle.slug}?qty=${qty}`));
      else void utils.public.raffles.get.invalidate();
    },
  });
  const free = trpc.customer.raffles.freeEntry.useMutation({
    onSuccess: () => {
      setFreeOpen(false);
      void utils.customer.raffles.invalidate();
      void utils.public.raffles.invalidate();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!me.data && isUnauthorized(me.error)) {
      navigate(loginPath(`/raffles/${raffle.slug}?qty=${qty}`));
      return;
    }
    if (!qtyValid) {
      document.getElementById(`${id}-qty`)?.focus();
      return;
    }
    buy.mutate({ raffleId: raffle.id, quantity: n });
  };
  const step = (d: number) =>
    setQty(String(Math.min(Math.max(1, (Number.isInteger(n) ? n : 1) + d), Math.max(1, max))));

  return (
    <aside className="ui-card booking" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Enter the raffle</h2>
      <p style={{ fontSize: '1.3rem', margin: 0 }}>
        <strong>{formatMoney(raffle.entryPriceMinor, raffle.currency)}</strong>{' '}
        <span className="muted small">per entry</span>
      </p>
      <EntriesBar entriesLeft={entriesLeft} totalEntries={raffle.totalEntries} />
      {!onSale ? (
        <div className="notice notice--warn" role="status">
          {raffle.status === 'DRAFT' || new Date(raffle.opensAt).getTime() > Date.now()
            ? 'Entries are not on sale yet.'
            : ['CANCELLED', 'REFUNDING', 'REFUNDED'].includes(raffle.status)
              ? 'This raffle was cancelled. Every paid entry is refunded.'
              : 'Entries are closed.'}
        </div>
      ) : entriesLeft <= 0 ? (
        <div className="notice notice--warn" role="status">
          <strong>Sold out.</strong> Every entry has been taken.
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <div className="ui-field">
            <label htmlFor={`${id}-qty`}>Entries</label>
            <div className="qty-stepper">
              <button
                type="button"
                className="ui-button ui-button--ghost ui-button--small"
                aria-label="One fewer"
                onClick={() => step(-1)}
                disabled={n <= 1}
              >
                −
              </button>
              <input
                id={`${id}-qty`}
                className="ui-input"
                type="number"
                inputMode="numeric"
                min={1}
                max={Math.max(1, max)}
                step={1}
                value={qty}
                aria-invalid={!qtyValid}
                aria-describedby={`${id}-qty-hint`}
                onChange={(e) => setQty(e.target.value)}
              />
              <button
                type="button"
                className="ui-button ui-button--ghost ui-button--small"
                aria-label="One more"
                onClick={() => step(1)}
                disabled={n >= max}
              >
                +
              </button>
            </div>
            <span
              id={`${id}-qty-hint`}
              className={qtyValid ? 'field-hint' : 'ui-field__error'}
              role={qtyValid ? undefined : 'alert'}
            >
              {max > 0
                ? `Choose 1 to ${max}.${signedIn ? ` You can hold up to ${raffle.maxEntriesPerUser} entries.` : ''}`
                : allowance <= 0
                  ? `You already hold the maximum of ${raffle.maxEntriesPerUser} entries.`
                  : 'No entries left.'}
            </span>
          </div>
          <div className="booking__total">
            <span>Total</span>
            <span data-testid="raffle-total">
              {qtyValid ? formatMoney(raffle.entryPriceMinor * n, raffle.currency) : '—'}
            </span>
          </div>
          <ErrorNotice error={buy.error && !isUnauthorized(buy.error) ? buy.error : null} />
          <button type="submit" className="ui-button" disabled={buy.isPending || max <= 0}>
            {buy.isPending ? 'Reserving…' : 'Buy entries'}
          </button>
          {!signedIn && !me.isPending && (
            <p className="muted small" style={{ textAlign: 'center', margin: 0 }}>
              You'll be asked to sign in first.
            </p>
          )}
        </form>
      )}
      {onSale && (
        <p className="small" style={{ marginBottom: 0 }}>
          <button type="button" className="link-button" onClick={() => setFreeOpen(true)}>
            No purchase necessary: free entry
          </button>
        </p>
      )}
      {free.isSuccess && (
        <div className="notice notice--ok" role="status">
          Your free entry was added.
        </div>
      )}
      <ConfirmDialog
        open={freeOpen}
        title="Free entry"
        danger={false}
        confirmLabel={signedIn ? 'Claim my free entry' : 'Sign in first'}
        pending={free.isPending}
        confirmDisabled={signedIn && (!!freeWait || allowance <= 0)}
        error={free.error}
        onCancel={() => {
          setFreeOpen(false);
          free.reset();
        }}
        onConfirm={() => {
          if (!signedIn) navigate(loginPath(`/raffles/${raffle.slug}`));
          else free.mutate({ raffleId: raffle.id });
        }}
      >
        <p>
          You can enter this raffle without paying. A free entry has exactly the same chance of winning as a paid one
          and counts toward the same limit of {raffle.maxEntriesPerUser} entries per person.
        </p>
        <p className="muted small">
          Free entries are limited to one per person per raffle per day. Entries are numbered in the order they are
          received and take part in the same public, verifiable draw.
        </p>
        {freeWait && (
          <p className="notice notice--warn" role="status">
            You used your free entry. The next one is available from {formatDateTime(freeWait)}.
          </p>
        )}
        {signedIn && allowance <= 0 && (
          <p className="notice notice--warn" role="status">
            You already hold the maximum number of entries.
          </p>
        )}
      </ConfirmDialog>
      {!onSale && raffle.status === 'OPEN' && <EmptyState title="Sales have ended" />}
    </aside>
  );
}
