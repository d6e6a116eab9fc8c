/**
 * /raffles/:slug/verify — the public verification of a raffle draw (issue 8). Fetches
 * `public.raffles.verification` and recomputes IN THIS BROWSER, with shared/src/raffle-draw (the
 * code the server draws with), the commitment, the randomness (drand: BLS signature checked here
 * against the pinned quicknet key; commit-reveal: the revealed seed against its published hash)
 * and the winners; shows MATCH or MISMATCH, the mode, every intermediate value (copyable) and the
 * algorithm in plain words. Nothing here trusts the server's own verdict.
 */
import { EmptyState, ErrorNotice, errorInfo, Spinner, trpc } from '@admit/ui';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { NotFoundPage } from '../NotFoundPage.tsx';
import './raffles.css';
import { type PublishedDraw, verifyDraw } from './verify.ts';

const SLUG = /^[A-Za-z0-9-]{1,120}$/;

export function RaffleVerifyPage() {
  const { slug = '' } = useParams();
  const valid = SLUG.test(slug);
  const raffle = trpc.public.raffles.get.useQuery({ id: slug }, { enabled: valid });
  const raffleId = raffle.data?.id ?? '';
  const data = trpc.public.raffles.verification.useQuery({ raffleId }, { enabled: !!raffleId, retry: 1 });

  if (!valid || (raffle.isError && errorInfo(raffle.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Raffle not found">
        <p>The link is wrong, or the raffle was withdrawn.</p>
      </NotFoundPage>
    );
  }
  return (
    <div className="page page--medium">
      <Link to={`/raffles/${slug}`} className="back-link">
        ← Back to the raffle
      </Link>
      <h1>Verify the draw{raffle.data ? `: ${raffle.data.title}` : ''}</h1>
      {raffle.isPending || (raffleId && data.isPending) ? (
        <Spinner label="Loading the published draw data…" />
      ) : raffle.isError ? (
        <ErrorNotice error={raffle.error} onRetry={() => void raffle.refetch()} />
      ) : data.isError ? (
        <ErrorNotice error={data.error} onRetry={() => void data.refetch()} />
      ) : data.data ? (
        <Result published={data.data as PublishedDraw} />
      ) : null}
      <Explanation />
    </div>
  );
}

function Result({ published }: { published: PublishedDraw }) {
  const v = useMemo(() => verifyDraw(published), [published]);
  if (v.verdict === null) {
    return (
      <EmptyState title="Nothing to verify yet">
        <p>The commitment is published when sales close. Come back then.</p>
      </EmptyState>
    );
  }
  return (
    <div className="stack">
      <div
        className={`verdict ${v.verdict === 'MISMATCH' ? 'verdict--mismatch' : 'verdict--match'}`}
        role="status"
        data-testid="verify-verdict"
        data-verdict={v.verdict}
      >
        {v.verdict === 'PENDING' ? 'COMMITMENT MATCHES' : v.verdict}
        <small>
          {v.verdict === 'MATCH'
            ? 'Every published value was recomputed in your browser and agrees.'
            : v.verdict === 'PENDING'
              ? 'The draw has not happened yet; the committed entry list checks out.'
              : 'At least one published value does not agree with what your browser computed.'}
        </small>
      </div>
      <p>
        Mode:{' '}
        <strong data-testid="verify-mode">
          {v.mode === 'DRAND' ? 'drand public randomness (League of Entropy quicknet)' : 'Commit-reveal server seed'}
        </strong>
      </p>
      <section className="ui-card" aria-labelledby="checks-title">
        <h2 id="checks-title" className="section-title" style={{ marginTop: 0 }}>
          Checks
        </h2>
        <ul className="checks">
          {v.checks.map((c) => (
            <li key={c.id} className="check" data-testid={`check-${c.id}`} data-ok={c.ok}>
              <span className={c.ok ? 'check__mark--ok' : 'check__mark--bad'} aria-hidden="true">
                {c.ok ? '✔' : '✘'}
              </span>
              <span>
                <strong>{c.label}</strong> <span className="visually-hidden">{c.ok ? 'passed' : 'failed'}</span>
                <br />
                <span className="muted small">{c.detail}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="ui-card" aria-labelledby="winners-title">
        <h2 id="winners-title" className="section-title" style={{ marginTop: 0 }}>
          Published winners
        </h2>
        {published.winners.length === 0 ? (
          <p className="muted">No winners published yet.</p>
        ) : (
          <table className="lines">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Position</th>
                <th scope="col">Entry</th>
                <th scope="col">Entry id</th>
              </tr>
            </thead>
            <tbody>
              {published.winners.map((w) => (
                <tr key={`${w.rank}-${w.position}`}>
                  <td>{w.rank}</td>
                  <td className="num">{w.position}</td>
                  <td className="mono">#{w.entryNumber}</td>
                  <td className="mono small">{w.entryId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="ui-card" aria-labelledby="values-title">
        <h2 id="values-title" className="section-title" style={{ marginTop: 0 }}>
          Every value
        </h2>
        {v.values.map((x) => (
          <CopyRow key={x.testId} label={x.label} value={x.value} testId={x.testId} />
        ))}
        <CopyRow label="Entry list (hashed text)" value={published.entryListText ?? ''} testId="value-entry-list" pre />
      </section>
    </div>
  );
}

function CopyRow({
  label,
  value,
  testId,
  pre = false,
}: {
  label: string;
  value: string;
  testId: string;
  pre?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      // clipboard blocked: the value stays selectable
    }
  };
  return (
    <div className="value-row">
      <span className="small">
        <strong>{label}</strong>
      </span>
      {pre ? <pre data-testid={testId}>{value}</pre> : <code data-testid={testId}>{value}</code>}
      <button type="button" className="ui-button ui-button--ghost ui-button--small" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

function Explanation() {
  return (
    <section className="ui-card" aria-labelledby="how-title" style={{ marginTop: '1rem' }}>
      <h2 id="how-title" className="section-title" style={{ marginTop: 0 }}>
        How the draw works, in plain words
      </h2>
      <ol>
        <li>
          <strong>Entries are numbered.</strong> Every paid or free entry gets the next number. When sales close, the
          list of valid entries is written as one line per entry, <code>number:entry-id</code>, sorted by number.
        </li>
        <li>
          <strong>The list is locked in (commitment).</strong> We publish the SHA-256 fingerprint of the algorithm name,
          the mode, the source of randomness and that list. Changing a single entry afterwards would change the
          fingerprint.
        </li>
        <li>
          <strong>Randomness nobody controls.</strong> With <em>drand</em>, the draw uses a future round of the League
          of Entropy's public randomness beacon, chosen at commitment time — nobody, including us, knew its value. Its
          BLS signature is checked in your browser, and the randomness is the SHA-256 of that signature. Without network
          access we use <em>commit-reveal</em>: a secret random seed whose fingerprint was published at commitment is
          revealed at the draw; the randomness is SHA-256 of the seed followed by the commitment.
        </li>
        <li>
          <strong>A fair shuffle.</strong> The randomness feeds a SHA-256 counter stream that drives a Fisher–Yates
          shuffle of the list (with rejection sampling, so every order is equally likely). The first winner is the first
          position of the shuffled list, the second winner the second, and so on. If a prize is not claimed in time, the
          next unused position of the same shuffle wins.
        </li>
        <li>
          <strong>You can check it.</strong> This page re-does every step with the same code our server uses. The values
          above can be copied and checked with any SHA-256 tool.
        </li>
      </ol>
    </section>
  );
}
