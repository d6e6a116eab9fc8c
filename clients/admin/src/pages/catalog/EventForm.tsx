/**
 * Create / edit an event with its ticket categories (seed 003 Plan 2 Phase 3). Prices are typed
 * in major units ("450" or "450.50") and sent as integer minor units (parseMoneyInput, no
 * floats); times are typed in the admin's zone and sent as UTC instants. The checks mirror the
 * server's schema (shared/src/schemas/admin-catalog.ts); the server checks again and its field
 * errors (e.g. `ticketCategories.0.quota` below what is already reserved) show next to the
 * fields. Every category row is sent, so error indexes match the rows.
 */
import { CATEGORY_LABELS, fieldError, minorToInput, moneyInputError, parseMoneyInput, trpc } from '@admit/ui';
import { Field, FormError, SelectField, TextAreaField } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useState } from 'react';
import { FormActions } from '../../components/FormActions.tsx';
import { EVENT_CATEGORIES, type EventDetail, toLocalInput } from './catalog-shared.tsx';

interface CategoryRow {
  /** existing category id (edit) */
  id?: string;
  /** form row key */
  key: string;
  name: string;
  tier: 'STANDARD' | 'VIP';
  price: string;
  quota: string;
  maxPerOrder: string;
  /** held + sold: the quota may not go below it */
  reserved: number;
}

export interface EventFormValues {
  organizerId: string;
  venueId: string;
  title: string;
  description: string;
  category: (typeof EVENT_CATEGORIES)[number];
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  imageUrl: string | null;
  currency: string;
  ticketCategories: {
    id?: string;
    name: string;
    tier: 'STANDARD' | 'VIP';
    priceMinor: number;
    quota: number;
    maxPerOrder: number;
  }[];
  removeTicketCategoryIds: string[];
}

const FIELDS = [
  'organizerId',
  'venueId',
  'title',
  'description',
  'category',
  'startsAt',
  'endsAt',
  'capacity',
  'imageUrl',
  'currency',
  'ticketCategories',
];

let rowSeq = 0;
const newRow = (over: Partial<CategoryRow> = {}): CategoryRow => ({
  key: `row-${rowSeq++}`,
  name: '',
  tier: 'STANDARD',
  price: '',
  quota: '100',
  maxPerOrder: '10',
  reserved: 0,
  ...over,
});

export function EventForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: EventDetail | null;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (v: EventFormValues) => void;
  onCancel: () => void;
}) {
  const options = trpc.admin.catalog.events.options.useQuery({}, { staleTime: 60_000 });
  const currency0 = initial?.ticketCategories[0]?.currency ?? 'EGP';
  const [f, setF] = useState(() => ({
    organizerId: initial?.organizer.id ?? '',
    venueId: initial?.venue.id ?? '',
    title: initial?.title ?? '',
    description: initial?.description ?? '',
    category: initial?.category ?? 'MUSIC',
    startsAt: toLocalInput(initial?.startsAt ?? new Date(Date.now() + 14 * 86_400_000)),
    endsAt: toLocalInput(initial?.endsAt ?? new Date(Date.now() + 14 * 86_400_000 + 3 * 3_600_000)),
    capacity: String(initial?.capacity ?? 500),
    imageUrl: initial?.imageUrl ?? '',
    currency: currency0,
  }));
  const [rows, setRows] = useState<CategoryRow[]>(() =>
    initial
      ? initial.ticketCategories.map((c) =>
          newRow({
            id: c.id,
            name: c.name,
            tier: c.tier,
            price: minorToInput(c.priceMinor, c.currency),
            quota: String(c.quota),
            maxPerOrder: String(c.maxPerOrder),
            reserved: c.reserved,
          }),
        )
      : [newRow({ name: 'Standard' })],
  );
  const [removed, setRemoved] = useState<string[]>([]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const setRow = (key: string, k: keyof CategoryRow) => (e: { target: { value: string } }) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [k]: e.target.value } : r)));
  const err = (field: string) => local[field] ?? fieldError(error, field);

  const validate = (): Record<string, string> => {
    const e: Record<string, string> = {};
    if (!f.organizerId) e.organizerId = 'Pick an organizer.';
    if (!f.venueId) e.venueId = 'Pick a venue.';
    if (f.title.trim().length < 3) e.title = 'At least 3 characters.';
    const s = new Date(f.startsAt);
    const en = new Date(f.endsAt);
    if (Number.isNaN(s.getTime())) e.startsAt = 'Pick a start.';
    if (Number.isNaN(en.getTime()) || en <= s) e.endsAt = 'Must be after the start.';
    if (!/^\d{1,7}$/.test(f.capacity) || Number(f.capacity) < 1) e.capacity = 'A whole number, at least 1.';
    if (!/^[A-Z]{3}$/.test(f.currency)) e.currency = 'A 3-letter ISO code, e.g. EGP.';
    if (rows.length === 0) e.ticketCategories = 'Add at least one ticket category.';
    const names = new Set<string>();
    rows.forEach((r, i) => {
      if (!r.name.trim()) e[`ticketCategories.${i}.name`] = 'Required.';
      else if (names.has(r.name.trim().toLowerCase())) e[`ticketCategories.${i}.name`] = 'Name already used.';
      names.add(r.name.trim().toLowerCase());
      const p = moneyInputError(r.price, f.currency || 'EGP', { allowZero: true });
      if (p) e[`ticketCategories.${i}.priceMinor`] = p;
      if (!/^\d{1,7}$/.test(r.quota)) e[`ticketCategories.${i}.quota`] = 'A whole number.';
      else if (Number(r.quota) < r.reserved) e[`ticketCategories.${i}.quota`] = `At least ${r.reserved} (reserved).`;
      if (!/^\d{1,3}$/.test(r.maxPerOrder) || Number(r.maxPerOrder) < 1 || Number(r.maxPerOrder) > 100)
        e[`ticketCategories.${i}.maxPerOrder`] = '1 to 100.';
    });
    return e;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = validate();
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      organizerId: f.organizerId,
      venueId: f.venueId,
      title: f.title.trim(),
      description: f.description.trim(),
      category: f.category,
      startsAt: new Date(f.startsAt),
      endsAt: new Date(f.endsAt),
      capacity: Number(f.capacity),
      imageUrl: f.imageUrl.trim() || null,
      currency: f.currency,
      ticketCategories: rows.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        name: r.name.trim(),
        tier: r.tier,
        priceMinor: parseMoneyInput(r.price, f.currency) ?? 0,
        quota: Number(r.quota),
        maxPerOrder: Number(r.maxPerOrder),
      })),
      removeTicketCategoryIds: removed,
    });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={initial ? 'Edit event' : 'New event'}>
      <FormError
        error={error}
        fields={[
          ...FIELDS,
          ...rows.flatMap((_, i) =>
            ['name', 'priceMinor', 'quota', 'maxPerOrder'].map((k) => `ticketCategories.${i}.${k}`),
          ),
        ]}
      />
      <div className="form-grid">
        <SelectField
          label="Organizer"
          name="organizerId"
          value={f.organizerId}
          onChange={set('organizerId')}
          error={err('organizerId')}
        >
          <option value="">{options.isPending ? 'Loading…' : 'Pick an organizer'}</option>
          {options.data?.organizers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Venue" name="venueId" value={f.venueId} onChange={set('venueId')} error={err('venueId')}>
          <option value="">{options.isPending ? 'Loading…' : 'Pick a venue'}</option>
          {options.data?.venues.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.city}, {v.timeZone})
            </option>
          ))}
        </SelectField>
        <Field
          label="Title"
          name="title"
          value={f.title}
          onChange={set('title')}
          maxLength={200}
          error={err('title')}
        />
        <SelectField
          label="Category"
          name="category"
          value={f.category}
          onChange={set('category')}
          error={err('category')}
        >
          {EVENT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c] ?? c}
            </option>
          ))}
        </SelectField>
        <Field
          label="Starts"
          name="startsAt"
          type="datetime-local"
          value={f.startsAt}
          onChange={set('startsAt')}
          error={err('startsAt')}
          hint="Your local time; stored in UTC"
        />
        <Field
          label="Ends"
          name="endsAt"
          type="datetime-local"
          value={f.endsAt}
          onChange={set('endsAt')}
          error={err('endsAt')}
        />
        <Field
          label="Capacity (people inside at once)"
          name="capacity"
          inputMode="numeric"
          value={f.capacity}
          onChange={set('capacity')}
          error={err('capacity')}
        />
        <Field
          label="Currency"
          name="currency"
          value={f.currency}
          maxLength={3}
          disabled={!!initial}
          onChange={(e) => setF((x) => ({ ...x, currency: e.target.value.toUpperCase() }))}
          error={err('currency')}
        />
        <Field
          label="Image URL"
          name="imageUrl"
          value={f.imageUrl}
          onChange={set('imageUrl')}
          placeholder="https://… or /uploads/…"
          error={err('imageUrl')}
        />
      </div>
      <TextAreaField
        label="Description"
        name="description"
        rows={4}
        value={f.description}
        onChange={set('description')}
        error={err('description')}
      />
      <fieldset className="category-rows">
        <legend>Ticket categories</legend>
        {err('ticketCategories') && <p className="ui-field__error">{err('ticketCategories')}</p>}
        {rows.map((r, i) => (
          <div key={r.key} className="category-row" data-testid="category-row">
            <Field
              label="Name"
              value={r.name}
              onChange={setRow(r.key, 'name')}
              error={err(`ticketCategories.${i}.name`)}
            />
            <SelectField label="Tier" value={r.tier} onChange={setRow(r.key, 'tier')}>
              <option value="STANDARD">Standard</option>
              <option value="VIP">VIP</option>
            </SelectField>
            <Field
              label={`Price (${f.currency || 'EGP'})`}
              inputMode="decimal"
              value={r.price}
              onChange={setRow(r.key, 'price')}
              error={err(`ticketCategories.${i}.priceMinor`)}
            />
            <Field
              label="Quota"
              inputMode="numeric"
              value={r.quota}
              onChange={setRow(r.key, 'quota')}
              error={err(`ticketCategories.${i}.quota`)}
              hint={r.reserved > 0 ? `${r.reserved} reserved` : undefined}
            />
            <Field
              label="Max per order"
              inputMode="numeric"
              value={r.maxPerOrder}
              onChange={setRow(r.key, 'maxPerOrder')}
              error={err(`ticketCategories.${i}.maxPerOrder`)}
            />
            <button
              type="button"
              className="link-button small"
              disabled={r.reserved > 0}
              title={r.reserved > 0 ? 'Tickets are held or sold in this category' : undefined}
              onClick={() => {
                setRows((rs) => rs.filter((x) => x.key !== r.key));
                if (r.id) setRemoved((ids) => [...ids, r.id!]);
              }}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="ui-button ui-button--ghost ui-button--small"
          onClick={() => setRows((rs) => [...rs, newRow()])}
        >
          Add a category
        </button>
      </fieldset>
      <FormActions pending={pending} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
