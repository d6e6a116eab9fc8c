export function Pagination({
  page,
  totalPages,
  onPage,
  busy = false,
}: {
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
  busy?: boolean;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        disabled={page <= 1 || busy}
        onClick={() => onPage(page - 1)}
      >
        ← Previous
      </button>
      <span className="muted small" aria-live="polite">
        Page {page} of {totalPages}
      </span>
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        disabled={page >= totalPages || busy}
        onClick={() => onPage(page + 1)}
      >
        Next →
      </button>
    </nav>
  );
}
