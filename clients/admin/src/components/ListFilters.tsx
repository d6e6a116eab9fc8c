/**
 * The filter toolbar of a back-office list (ADR 0022), shared by the lists built on `useListState`
 * (./DataTable.tsx) and `useUrlFilters` (./LogList.tsx): the `<search>` landmark with its form
 * (`ListFilters`), the Apply / Clear buttons that end it (`FilterActions`), the free-text search
 * (`SearchFilter`) and an "any value or one of these" select (`EnumFilter`).
 *
 * ```tsx
 * <ListFilters label="Filter venues" state={state}>
 *   <SearchFilter placeholder="Name, address or city" value={state.form.q} onChange={state.set('q')} />
 *   <EnumFilter label="Status" any="All statuses" values={STATUSES} value={state.form.status} onChange={state.set('status')} />
 * </ListFilters>
 * ```
 */
import { EnumOptions, Field, SelectField } from '@admit/ui/console-controls.tsx';
import type { FormEvent, ReactNode } from 'react';
import { STATUS_LABELS, STATUSES } from '../permissions.ts';

type OnChange = (e: { target: { value: string } }) => void;

/** What the toolbar needs of a list's filter state (`useListState`, `useUrlFilters`). */
export interface FilterFormState {
  /** submit: writes the edited filters to the URL (page 1) */
  apply: (e: FormEvent) => void;
  /** empties every filter */
  clear: () => void;
  /** some filter is applied (shows "Clear filters") */
  filtered: boolean;
}

/** "Apply filters" (the form's submit) and, while a filter is applied, "Clear filters". */
export function FilterActions({
  filtered,
  onClear,
  applyLabel = 'Apply filters',
}: {
  filtered: boolean;
  onClear: () => void;
  applyLabel?: string;
}) {
  return (
    <div className="filters__actions">
      <button type="submit" className="ui-button ui-button--small">
        {applyLabel}
      </button>
      {filtered && (
        <button type="button" className="link-button small" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}

/**
 * A list's filter form inside a `<search>` landmark named `label`: the filter fields (`children`),
 * then `FilterActions`. Submitting applies the filters (`state.apply`).
 */
export function ListFilters({
  label,
  state,
  applyLabel,
  children,
}: {
  label: string;
  state: FilterFormState;
  applyLabel?: string;
  children: ReactNode;
}) {
  return (
    <search aria-label={label}>
      <form className="filters" onSubmit={state.apply}>
        {children}
        <FilterActions filtered={state.filtered} onClear={state.clear} applyLabel={applyLabel} />
      </form>
    </search>
  );
}

/**
 * The free-text search of a list (the `q` filter unless `name` says otherwise, at most
 * `maxLength` characters); `wide` gives it two grid columns.
 */
export function SearchFilter({
  label = 'Search',
  name = 'q',
  placeholder,
  value,
  onChange,
  error,
  maxLength = 100,
  wide = false,
}: {
  label?: string;
  name?: string;
  placeholder: string;
  value: string;
  onChange: OnChange;
  error?: string | undefined;
  maxLength?: number;
  wide?: boolean;
}) {
  const field = (
    <Field
      label={label}
      name={name}
      type="search"
      placeholder={placeholder}
      maxLength={maxLength}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
  return wide ? <div className="filters__wide">{field}</div> : field;
}

/**
 * A select of "any" (the empty value, worded by `any`, e.g. "All statuses") or one of `values`,
 * shown by `labelOf` (default: the enum's words, "PENDING" → "Pending").
 */
export function EnumFilter<V extends string>({
  label,
  name,
  any,
  values,
  labelOf,
  value,
  onChange,
}: {
  label: string;
  name?: string;
  any: string;
  values: readonly V[];
  labelOf?: (value: V) => string;
  value: string;
  onChange: OnChange;
}) {
  return (
    <SelectField label={label} name={name} value={value} onChange={onChange}>
      <option value="">{any}</option>
      {labelOf ? (
        values.map((v) => (
          <option key={v} value={v}>
            {labelOf(v)}
          </option>
        ))
      ) : (
        <EnumOptions values={values} />
      )}
    </SelectField>
  );
}

/** The account status filter of the people lists (customers, merchants, ushers): "Any status" or one. */
export function UserStatusFilter({ value, onChange }: { value: string; onChange: OnChange }) {
  return (
    <EnumFilter
      label="Status"
      any="Any status"
      values={STATUSES}
      labelOf={(s) => STATUS_LABELS[s]}
      value={value}
      onChange={onChange}
    />
  );
}
