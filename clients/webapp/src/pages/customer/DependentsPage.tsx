/**
 * My dependents (seed 003 Plan 1 Phase 6 `…/users/dependents/`): people who attend with me, e.g.
 * children — list, add, edit, and remove with a confirmation. Server field errors show inline.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, fieldError, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, Field, FormError } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useState } from 'react';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';

type Dependent = RouterOutputs['customer']['dependents']['list']['items'][number];
const FIELDS = ['firstName', 'lastName', 'relationship', 'dateOfBirth'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
const EMPTY: Form = { firstName: '', lastName: '', relationship: '', dateOfBirth: '' };

function DependentForm({ editing, onDone }: { editing: Dependent | null; onDone: () => void }) {
  const utils = trpc.useUtils();
  const [form, setForm] = useState<Form>(() =>
    editing
      ? {
          firstName: editing.firstName,
          lastName: editing.lastName,
          relationship: editing.relationship,
          dateOfBirth: editing.dateOfBirth ?? '',
        }
      : EMPTY,
  );
  const done = () => {
    void utils.customer.dependents.list.invalidate();
    onDone();
  };
  const create = trpc.customer.dependents.create.useMutation({ onSuccess: done });
  const update = trpc.customer.dependents.update.useMutation({ onSuccess: done });
  const m = editing ? update : create;
  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (editing) update.mutate({ id: editing.id, ...form });
    else create.mutate(form);
  };
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form className="ui-card" onSubmit={submit} noValidate aria-label={editing ? 'Edit dependent' : 'Add a dependent'}>
      <h2 style={{ marginTop: 0 }}>{editing ? `Edit ${editing.firstName}` : 'Add a dependent'}</h2>
      <Field
        label="First name"
        value={form.firstName}
        onChange={set('firstName')}
        required
        error={fieldError(m.error, 'firstName')}
      />
      <Field
        label="Last name"
        value={form.lastName}
        onChange={set('lastName')}
        required
        error={fieldError(m.error, 'lastName')}
      />
      <Field
        label="Relationship"
        value={form.relationship}
        onChange={set('relationship')}
        required
        list="relationships"
        hint="e.g. Son, Daughter, Spouse, Parent"
        error={fieldError(m.error, 'relationship')}
      />
      <datalist id="relationships">
        {['Son', 'Daughter', 'Spouse', 'Parent', 'Sibling', 'Friend'].map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <Field
        label="Date of birth (optional)"
        type="date"
        max={today}
        value={form.dateOfBirth}
        onChange={set('dateOfBirth')}
        error={fieldError(m.error, 'dateOfBirth')}
      />
      <FormError error={m.error} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="ui-button" disabled={m.isPending}>
          {m.isPending ? 'Saving…' : editing ? 'Save changes' : 'Add dependent'}
        </button>{' '}
        <button type="button" className="ui-button ui-button--ghost" onClick={onDone} disabled={m.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function DependentsPage() {
  const utils = trpc.useUtils();
  const list = trpc.customer.dependents.list.useQuery({});
  const [editing, setEditing] = useState<Dependent | 'new' | null>(null);
  const [removing, setRemoving] = useState<Dependent | null>(null);
  const remove = trpc.customer.dependents.delete.useMutation({
    onSuccess: () => {
      setRemoving(null);
      void utils.customer.dependents.list.invalidate();
    },
  });

  return (
    <div className="page page--medium">
      <h1 className="page-title">Dependents</h1>
      <AccountNav />
      <p className="muted">
        People who come to events with you, such as your children. Ushers see them with your ticket.
      </p>
      {editing ? (
        <DependentForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <div className="actions">
          <button type="button" className="ui-button" onClick={() => setEditing('new')}>
            Add a dependent
          </button>
        </div>
      )}
      {list.isPending ? (
        <Spinner label="Loading your dependents…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No dependents yet">
          <p>Add the people who attend with you.</p>
        </EmptyState>
      ) : list.data ? (
        <ul className="order-list" data-testid="dependent-list">
          {list.data.items.map((d) => (
            <li key={d.id} className="ui-card order-row" data-testid="dependent">
              <div>
                <h3>
                  {d.firstName} {d.lastName}
                </h3>
                <div className="ticket-row__meta">
                  <span>{d.relationship}</span>
                  {d.dateOfBirth && <span>Born {d.dateOfBirth}</span>}
                </div>
              </div>
              <div>
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--small"
                  onClick={() => setEditing(d)}
                >
                  Edit
                </button>{' '}
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--small"
                  onClick={() => {
                    remove.reset();
                    setRemoving(d);
                  }}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.firstName ?? ''}?`}
        confirmLabel="Remove"
        cancelLabel="Keep"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
        onCancel={() => setRemoving(null)}
      >
        <p>
          {removing?.firstName} {removing?.lastName} will no longer be listed with your tickets.
        </p>
      </ConfirmDialog>
    </div>
  );
}
