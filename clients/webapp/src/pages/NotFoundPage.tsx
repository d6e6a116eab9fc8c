import { EmptyState } from '@admit/ui';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page page--medium">
      <EmptyState title="Page not found">
        <p>The page you asked for does not exist.</p>
        <Link to="/" className="ui-button">
          Browse events
        </Link>
      </EmptyState>
    </div>
  );
}
