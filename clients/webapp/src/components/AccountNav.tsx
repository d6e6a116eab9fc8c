import { NavLink } from 'react-router';

const LINKS = [
  { to: '/account', label: 'Account' },
  { to: '/profile', label: 'Profile' },
  { to: '/dependents', label: 'Dependents' },
  { to: '/favorites', label: 'Favourites' },
  { to: '/transfers', label: 'Transfers' },
  { to: '/stats', label: 'My stats' },
  { to: '/orders', label: 'Orders & receipts' },
  { to: '/payments', label: 'Payment history' },
  { to: '/payment-methods', label: 'Payment methods' },
  { to: '/cards', label: 'NFC cards' },
  { to: '/refunds', label: 'Refund requests' },
  { to: '/my-raffles', label: 'My raffles' },
] as const;

/** The tabs of the customer's account area: profile, orders, payments, cards, refunds. */
export function AccountNav() {
  return (
    <nav className="tab-nav account-tabs" aria-label="Your account">
      {LINKS.map((l) => (
        <NavLink key={l.to} to={l.to} end={l.to === '/account'}>
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
