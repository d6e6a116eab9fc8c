/**
 * Create / edit a raffle (seed 000 §2 "form validation matching API schema", "partial updates").
 * Money is typed in major units ("250" or "250.50") and sent as integer minor units
 * (parseMoneyInput, no floats); times are typed in the admin's zone and sent as UTC instants. The
 * checks mirror the server's schema (shared/src/schemas/raffles.ts) so most mistakes show before
 * sending; the server checks again and its field errors show next to the fields. When editing,
 * only the fields that changed are sent.
 */
import { fieldError, minorToInput, moneyInputError, parseMoneyInput } from '@admit/ui';
import { Field, FormError, TextAreaField } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useId, useState } from 'react';
import { FormActions } from '../../components/FormActions.tsx';

export interface RaffleValues {
  title: string;
  slug: string;
  description: string;
  prizeTitle: string;
  prizeDescription: string;
  prizeValueMinor: number | null;
  entryPriceMinor: number;
  currency: string;
  totalEntries: number;
  maxEntriesPerUser: number;
  winnersCount: number;
  opensAt: Date;
  closesAt: Date;
  drawAt: Date;
  claimDays: number;
}

type FormState = Record<
  | 'title'
  | 'slug'
  | 'description'
  | 'prizeTitle'
  | 'prizeDescription'
  | 'prizeValue'
  | 'entryPrice'
  | 'currency'
  | 'totalEntries'
  | 'maxEntriesPerUser'
  | 'winnersCount'
  | 'opensAt'
  | 'closesAt'
  | 'drawAt'
  | 'claimDays',
  string
>;

export const RAFFLE_FIELDS = [
  'title',
  'slug',
  'description',
  'prizeTitle',
  'prizeDescription',
  'prizeValueMinor',
  'entryPriceMinor',
  'currency',
  'totalEntries',
  'maxEntriesPerUser',
  'winnersCount',
  'opensAt',
  'closesAt',
  'drawAt',
  'claimDays',
] as const;

/** Date → the value of a datetime-local input in the browser's zone. */
function toLocalInput(d: Date | string): string {
  const x = new Date(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}T${pad(x.getHours())}:${pad(x.getMinutes())}`;
}

function fromValues(v: RaffleValues | null): FormState {
  const day = 86_400_000;
  const now = Date.now();
  return {
    title: v?.title ?? '',
    slug: v?.slug ?? '',
    description: v?.description ?? '',
    prizeTitle: v?.prizeTitle ?? '',
    prizeDescription: v?.prizeDescription ?? '',
    prizeValue: v?.prizeValueMinor != null ? minorToInput(v.prizeValueMinor, v.currency) : '',
    entryPrice: v ? minorToInput(v.entryPriceMinor, v.currency) : '',
    currency: v?.currency ?? 'EGP',
    totalEntries: v ? String(v.totalEntries) : '1000',
    maxEntriesPerUser: v ? String(v.maxEntriesPerUser) : '10',
    winnersCount: v ? String(v.winnersCount) : '1',
    opensAt: toLocalInput(v?.opensAt ?? new Date(now + 3_600_000)),
    closesAt: toLocalInput(v?.closesAt ?? new Date(now + 14 * day)),
    drawAt: toLocalInput(v?.drawAt ?? new Date(now + 14 * day + 3_600_000)),
    claimDays: v ? String(v.claimDays) : '14',
  };
}

const INT = /^\d{1,9}$/;

/** The client-side checks (mirroring the server's schema); field → message. */
function validate(f: FormState): Record<string, string> {
  const e: Record<string, string> = {};
  if (f.title.trim().length < 3) e.title = 'At least 3 characters.';
  if (f.title.trim().length > 120) e.title = 'At most 120 characters.';
  if (f.slug && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.slug)) e.slug = 'Lower-case letters, digits and dashes.';
  if (!f.description.trim()) e.description = 'Describe the raffle.';
  if (!f.prizeTitle.trim()) e.prizeTitle = 'Name the prize.';
  if (!f.prizeDescription.trim()) e.prizeDescription = 'Describe the prize.';
  if (!/^[A-Z]{3}$/.test(f.currency)) e.currency = 'A 3-letter ISO code, e.g. EGP.';
  const price = moneyInputError(f.entryPrice, f.currency || 'EGP');
  if (price) e.entryPriceMinor = price;
  if (f.prizeValue.trim()) {
    const pv = moneyInputError(f.prizeValue, f.currency || 'EGP');
    if (pv) e.prizeValueMinor = pv;
  }
  const ints: [keyof FormState, string, number][] = [
    ['totalEntries', 'totalEntries', 1],
    ['maxEntriesPerUser', 'maxEntriesPerUser', 1],
    ['winnersCount', 'winnersCount', 1],
    ['claimDays', 'claimDays', 1],
  ];
  for (const [k, field, min] of ints) {
    if (!INT.test(f[k]) || Number(f[k]) < min) e[field] = `A whole number of at least ${min}.`;
  }
  if (!e.totalEntries && !e.maxEntriesPerUser && Number(f.maxEntriesPerUser) > Number(f.totalEntries)) {
    e.maxEntriesPerUser = 'Cannot exceed the total number of entries.';
  }
  if (!e.totalEntries && !e.winnersCount && Number(f.winnersCount) > Number(f.totalEntries)) {
    e.winnersCount = 'Cannot exceed the total number of entries.';
  }
  const opens = new Date(f.opensAt).getTime();
  const closes = new Date(f.closesAt).getTime();
  const draw = new Date(f.drawAt).getTime();
  if (Number.isNaN(opens)) e.opensAt = 'Pick a date and time.';
  if (Number.isNaN(closes)) e.closesAt = 'Pick a date and time.';
  else if (!Number.isNaN(opens) && closes <= opens) e.closesAt = 'Sales must close after they open.';
  if (Number.isNaN(draw)) e.drawAt = 'Pick a date and time.';
  else if (!Number.isNaN(closes) && draw < closes) e.drawAt = 'The draw cannot be before sales close.';
  return e;
}

function toValues(f: FormState): RaffleValues {
  const cur = f.currency;
  return {
    title: f.title.trim(),
    slug: f.slug.trim(),
    description: f.description.trim(),
    prizeTitle: f.prizeTitle.trim(),
    prizeDescription: f.prizeDescription.trim(),
    prizeValueMinor: f.prizeValue.trim() ? parseMoneyInput(f.prizeValue, cur) : null,
    entryPriceMinor: parseMoneyInput(f.entryPrice, cur) ?? 0,
    currency: cur,
    totalEntries: Number(f.totalEntries),
    maxEntriesPerUser: Number(f.maxEntriesPerUser),
    winnersCount: Number(f.winnersCount),
    opensAt: new Date(f.opensAt),
    closesAt: new Date(f.closesAt),
    drawAt: new Date(f.drawAt),
    claimDays: Number(f.claimDays),
  };
}

/** Only what differs from `before` (dates compared as instants). */
export function changedFields(before: RaffleValues, after: RaffleValues): Partial<RaffleValues> {
  const out: Partial<RaffleValues> = {};
  for (const k of Object.keys(after) as (keyof RaffleValues)[]) {
    const a = after[k];
    const b = before[k];
    const same =
      a instanceof Date || b instanceof Date
        ? new Date(a as Date).getTime() === new Date(b as Date).getTime()
        : a === b;
    if (!same) (out as Record<string, unknown>)[k] = a;
  }
  return out;
}

export function RaffleForm({
  initial,
  lockedSales,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: RaffleValues | null;
  /**
   * once published only the text and images change, and sales may close / the draw happen later
   * (the server's rule in updateRaffle): price, currency, counts, opening and claim days are fixed
   */
  lockedSales: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: RaffleValues) => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const [form, setForm] = useState<FormState>(() => fromValues(initial));
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (key: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: key === 'currency' ? e.target.value.toUpperCase() : e.target.value }));
  const err = (field: string) => local[field] ?? fieldError(error, field);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = validate(form);
    if (lockedSales && initial) {
      if (new Date(form.closesAt).getTime() < new Date(toLocalInput(initial.closesAt)).getTime()) {
        problems.closesAt = 'An open raffle may only close later, not earlier.';
      }
      if (new Date(form.drawAt).getTime() < new Date(toLocalInput(initial.drawAt)).getTime()) {
        problems.drawAt = 'An open raffle may only be drawn later, not earlier.';
      }
    }
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit(toValues(form));
  };
  const cur = form.currency || 'EGP';
  return (
    <form onSubmit={submit} noValidate className="console-form" aria-labelledby={headingId} data-testid="raffle-form">
      <h2 id={headingId} className="visually-hidden">
        Raffle details
      </h2>
      <Field label="Title" name="title" value={form.title} onChange={set('title')} error={err('title')} required />
      <Field
        label="Slug (web address)"
        name="slug"
        value={form.slug}
        onChange={set('slug')}
        error={err('slug')}
        disabled={initial !== null}
        hint={initial ? 'The web address stays the same once created.' : 'Leave empty to derive it from the title.'}
      />
      <TextAreaField
        label="Description"
        name="description"
        value={form.description}
        onChange={set('description')}
        error={err('description')}
      />
      <Field
        label="Prize"
        name="prizeTitle"
        value={form.prizeTitle}
        onChange={set('prizeTitle')}
        error={err('prizeTitle')}
      />
      <TextAreaField
        label="Prize details"
        name="prizeDescription"
        value={form.prizeDescription}
        onChange={set('prizeDescription')}
        error={err('prizeDescription')}
      />
      <Field
        label={`Prize value (${cur}, optional)`}
        name="prizeValue"
        inputMode="decimal"
        value={form.prizeValue}
        onChange={set('prizeValue')}
        error={err('prizeValueMinor')}
      />
      <Field
        label="Currency"
        name="currency"
        maxLength={3}
        value={form.currency}
        onChange={set('currency')}
        error={err('currency')}
        disabled={lockedSales}
      />
      <Field
        label={`Entry price (${cur})`}
        name="entryPrice"
        inputMode="decimal"
        value={form.entryPrice}
        onChange={set('entryPrice')}
        error={err('entryPriceMinor')}
        disabled={lockedSales}
        hint="In major units, e.g. 50 or 49.99."
      />
      <Field
        label="Total entries"
        name="totalEntries"
        inputMode="numeric"
        value={form.totalEntries}
        onChange={set('totalEntries')}
        error={err('totalEntries')}
        disabled={lockedSales}
      />
      <Field
        label="Max entries per person"
        name="maxEntriesPerUser"
        inputMode="numeric"
        value={form.maxEntriesPerUser}
        onChange={set('maxEntriesPerUser')}
        error={err('maxEntriesPerUser')}
        disabled={lockedSales}
      />
      <Field
        label="Winners"
        name="winnersCount"
        inputMode="numeric"
        value={form.winnersCount}
        onChange={set('winnersCount')}
        error={err('winnersCount')}
        disabled={lockedSales}
      />
      <Field
        label="Sales open"
        name="opensAt"
        type="datetime-local"
        value={form.opensAt}
        onChange={set('opensAt')}
        error={err('opensAt')}
        disabled={lockedSales}
      />
      <Field
        label="Sales close"
        name="closesAt"
        type="datetime-local"
        value={form.closesAt}
        onChange={set('closesAt')}
        error={err('closesAt')}
      />
      <Field
        label="Draw"
        name="drawAt"
        type="datetime-local"
        value={form.drawAt}
        onChange={set('drawAt')}
        error={err('drawAt')}
      />
      <Field
        label="Days to claim"
        name="claimDays"
        inputMode="numeric"
        value={form.claimDays}
        onChange={set('claimDays')}
        error={err('claimDays')}
        disabled={lockedSales}
        hint="A prize unclaimed by then goes to the next entry of the same draw."
      />
      {Object.keys(local).length > 0 && (
        <div className="ui-error" role="alert">
          <strong>Please check the highlighted fields.</strong>
        </div>
      )}
      <FormError error={error} fields={RAFFLE_FIELDS} />
      <FormActions pending={pending} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
