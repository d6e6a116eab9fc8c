/**
 * The submit / Cancel row that ends a back-office create-or-edit form (event, venue, raffle):
 * while `pending` both are disabled and the submit reads "Saving…".
 */
export function FormActions({
  pending,
  submitLabel,
  onCancel,
}: {
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="actions">
      <button type="submit" className="ui-button" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
      <button type="button" className="ui-button ui-button--ghost" onClick={onCancel} disabled={pending}>
        Cancel
      </button>
    </div>
  );
}
