/**
 * One page for every kind of the company's finance records (seed 003 Plan 2 Phase 8
 * `GET/POST /api/expenses/`, `/api/finances/deposits/`, `…/profit-withdrawals/`,
 * `…/profit-share/`, `…/settlements/`), parameterised by the kind in the URL: a filtered list
 * (date range, currency, category) with totals per currency, and a form to record a new one
 * (posted to the ledger by the server). The form checks amount > 0 and required fields before
 * sending and shows the server's field errors next to the fields. Support admins only read.
 */
import { fieldError, formatMoney, Money, moneyInputError, parseMoneyInput, trpc } from '@admit/ui';
import { Field, FormError, formatDate, TextAreaField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { DateRangeAndActions, LogResults, useUrlFilters } from '../../components/LogList.tsx';
import { useAdmin } from '../../session.tsx';
import { endOfLocalDay, startOfLocalDay } from '../../util.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { FinanceNav, ReadOnlyNote } from './FinanceNav.tsx';
import { RECORD_KINDS, type RecordKind, type RecordsApi } from './kinds.ts';

const FILTER_KEYS = ['from', 'to', 'currency', 'category'] as const;
const FORM_FIELDS = ['category', 'description', 'amountMinor', 'currency', 'occurredAt', 'counterparty'] as const;
const PAGE_SIZE = 25;

/** Today in the viewer's zone, as an `<input type="date">` value. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function RecordsPage() {
  const { kind: slug = '' } = useParams();
  const kind = RECORD_KINDS.find((k) => k.slug === slug);
  if (!kind) return <NotFoundPage />;
  // a new kind is a new page: filters and form start afresh
  return <Records key={kind.key} kind={kind} />;
}

function Records({ kind }: { kind: RecordKind }) {
  const admin = useAdmin();
  const canWrite = admin.can('money.write');
  const api: RecordsApi = trpc.admin.finances[kind.key];
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const currency = filters.applied.currency.toUpperCase();
  const list = api.list.useQuery(
    {
      page: filters.page,
      pageSize: PAGE_SIZE,
      from: filters.applied.from ? startOfLocalDay(filters.applied.from) : undefined,
      to: filters.applied.to ? endOfLocalDay(filters.applied.to) : undefined,
      currency: /^[A-Z]{3}$/.test(currency) ? currency : undefined,
      category: filters.applied.category || undefined,
    },
    { placeholderData: keepPreviousData },
  );
  const totals = Object.entries(list.data?.totalMinorByCurrency ?? {});

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{kind.title}</h1>
        {canWrite && !creating && (
          <button
            type="button"
            className="ui-button"
            onClick={() => {
              setDone(null);
              setCreating(true);
            }}
          >
            Record {kind.singular}
          </button>
        )}
      </div>
      <FinanceNav />
      <p className="page-intro">{kind.intro}</p>
      {!canWrite && <ReadOnlyNote />}
      {done && (
        <div className="notice notice--ok" role="status" data-testid="record-done">
          {done}
        </div>
      )}
      {creating && (
        <CreateRecord
          kind={kind}
          api={api}
          onCancel={() => setCreating(false)}
          onDone={(message) => {
            setCreating(false);
            setDone(message);
          }}
        />
      )}
      <search aria-label={`Filter ${kind.title.toLowerCase()}`}>
        <form className="filters filters--audit" onSubmit={filters.apply}>
          <Field
            label={kind.categoryLabel}
            name="category"
            maxLength={80}
            value={form.category}
            onChange={set('category')}
            error={fieldError(list.error, 'category')}
          />
          <Field
            label="Currency"
            name="currency"
            maxLength={3}
            placeholder="EGP"
            value={form.currency}
            onChange={set('currency')}
            error={fieldError(list.error, 'currency')}
          />
          <DateRangeAndActions
            from={form.from}
            to={form.to}
            onFrom={set('from')}
            onTo={set('to')}
            filtered={filters.filtered}
            onClear={filters.clear}
          />
        </form>
      </search>
      {totals.length > 0 && (
        <div className="stat-grid" data-testid="record-totals">
          {totals.map(([cur, minor]) => (
            <div key={cur} className="stat">
              <span className="stat__label">Total in {cur}</span>
              <span className="stat__value">
                <Money amountMinor={minor} currency={cur} />
              </span>
            </div>
          ))}
        </div>
      )}
      <LogResults
        list={list}
        filterKeys={FILTER_KEYS}
        loadingLabel={`Loading ${kind.title.toLowerCase()}…`}
        emptyTitle={`No ${kind.title.toLowerCase()} recorded yet`}
        filtered={filters.filtered}
        testId="finance-records"
        caption={`${kind.title}, newest first`}
        columns={['Date', kind.categoryLabel, 'Description', kind.counterpartyLabel, 'Amount']}
        onPage={filters.setPage}
      >
        {(list.data?.items ?? []).map((r) => (
          <tr key={r.id} data-testid="finance-record">
            <td data-label="Date" className="nowrap">
              {formatDate(r.occurredAt)}
            </td>
            <td data-label={kind.categoryLabel}>{r.category || '—'}</td>
            <td data-label="Description" className="log-message">
              {r.description}
            </td>
            <td data-label={kind.counterpartyLabel}>{r.counterparty ?? '—'}</td>
            <td data-label="Amount" className="num">
              <Money amountMinor={r.amountMinor} currency={r.currency} />
            </td>
          </tr>
        ))}
      </LogResults>
    </div>
  );
}

type FormState = Record<(typeof FORM_FIELDS)[number], string>;

function CreateRecord({
  kind,
  api,
  onCancel,
  onDone,
}: {
  kind: RecordKind;
  api: RecordsApi;
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const utils = trpc.useUtils();
  const headingId = useId();
  const [form, setForm] = useState<FormState>({
    category: '',
    description: '',
    amountMinor: '',
    currency: 'EGP',
    occurredAt: today(),
    counterparty: '',
  });
  const [errors, setErrors] = useState<Partial<FormState>>({});
  const create = api.create.useMutation({
    onSuccess: (r) => {
      void utils.admin.finances.invalidate();
      const what = kind.singular.replace(/^an? /, '');
      onDone(`Recorded ${what} of ${formatMoney(r.amountMinor, r.currency)}${r.category ? ` (${r.category})` : ''}.`);
    },
  });
  const set = (key: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const currency = form.currency.trim().toUpperCase();
    const next: Partial<FormState> = {};
    if (kind.categoryRequired && !form.category.trim())
      next.category = `Enter the ${kind.categoryLabel.toLowerCase()}.`;
    if (!form.description.trim()) next.description = 'Describe what this is.';
    if (!/^[A-Z]{3}$/.test(currency)) next.currency = 'A three-letter code, e.g. EGP.';
    const amountError = moneyInputError(form.amountMinor, /^[A-Z]{3}$/.test(currency) ? currency : 'EGP');
    if (amountError) next.amountMinor = amountError;
    const occurredAt = startOfLocalDay(form.occurredAt);
    if (!occurredAt) next.occurredAt = 'Pick the date.';
    setErrors(next);
    const amountMinor = parseMoneyInput(form.amountMinor, currency);
    if (Object.keys(next).length > 0 || amountMinor === null || !occurredAt) return;
    create.mutate({
      ...(form.category.trim() ? { category: form.category.trim() } : {}),
      description: form.description.trim(),
      amountMinor,
      currency,
      occurredAt,
      ...(form.counterparty.trim() ? { counterparty: form.counterparty.trim() } : {}),
    });
  };
  const err = (key: keyof FormState) => errors[key] ?? fieldError(create.error, key);

  return (
    <section className="ui-card console-card finance-form" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-card__title">
        Record {kind.singular}
      </h2>
      <form onSubmit={submit} noValidate>
        <Field
          label={kind.categoryLabel}
          name="category"
          maxLength={80}
          required={kind.categoryRequired}
          value={form.category}
          onChange={set('category')}
          error={err('category')}
          hint={kind.categoryHint}
        />
        <Field
          label={`Amount (${form.currency.trim().toUpperCase() || 'currency'})`}
          name="amountMinor"
          inputMode="decimal"
          required
          placeholder="0.00"
          value={form.amountMinor}
          onChange={set('amountMinor')}
          error={err('amountMinor')}
        />
        <Field
          label="Currency"
          name="currency"
          maxLength={3}
          required
          value={form.currency}
          onChange={set('currency')}
          error={err('currency')}
        />
        <Field
          label="Date"
          name="occurredAt"
          type="date"
          required
          max={today()}
          value={form.occurredAt}
          onChange={set('occurredAt')}
          error={err('occurredAt')}
        />
        <Field
          label={`${kind.counterpartyLabel} (optional)`}
          name="counterparty"
          maxLength={120}
          value={form.counterparty}
          onChange={set('counterparty')}
          error={err('counterparty')}
        />
        <div className="form-wide">
          <TextAreaField
            label="Description"
            name="description"
            required
            maxLength={500}
            rows={2}
            value={form.description}
            onChange={set('description')}
            error={err('description')}
          />
          <FormError error={create.error} fields={FORM_FIELDS} />
          <div className="actions" style={{ marginTop: 0 }}>
            <button type="submit" className="ui-button" disabled={create.isPending}>
              {create.isPending ? 'Saving…' : `Record ${kind.singular.replace(/^an? /, '')}`}
            </button>
            <button type="button" className="ui-button ui-button--ghost" onClick={onCancel} disabled={create.isPending}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
