import { RouteEffects } from '@admit/ui/route-effects.tsx';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminsPage } from './pages/AdminsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { NfcCardPage } from './pages/cards/NfcCardPage.tsx';
import { NfcCardRequestsPage, NfcCardsPage } from './pages/cards/NfcCardsPage.tsx';
import { EventPage, NewEventPage } from './pages/catalog/EventPage.tsx';
import { EventsPage } from './pages/catalog/EventsPage.tsx';
import { TicketPage, TicketsPage } from './pages/catalog/TicketsPage.tsx';
import { NewVenuePage, VenuePage, VenuesPage } from './pages/catalog/VenuesPage.tsx';
import { DashboardPage } from './pages/dashboard/DashboardPage.tsx';
import { EditRequestsPage } from './pages/edit-requests/EditRequestsPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { CompanyPage } from './pages/finance/CompanyPage.tsx';
import { LedgerAccountPage, LedgerPage } from './pages/finance/LedgerPage.tsx';
import { PayoutsPage } from './pages/finance/PayoutsPage.tsx';
import { RecordsPage } from './pages/finance/RecordsPage.tsx';
import { RefundRequestsAdminPage, RefundsPage } from './pages/finance/RefundsPage.tsx';
import { JobsPage } from './pages/JobsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MailboxPage } from './pages/MailboxPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { MerchantsPage, OrganizersPage, UshersPage } from './pages/people/AccountsPages.tsx';
import { CheckinLogsPage } from './pages/people/CheckinLogsPage.tsx';
import { CustomerPage, CustomersPage } from './pages/people/CustomersPage.tsx';
import { NewRafflePage, RafflePage } from './pages/raffles/RafflePage.tsx';
import { RafflesPage } from './pages/raffles/RafflesPage.tsx';
import { SystemLogsPage } from './pages/SystemLogsPage.tsx';
import { SeatMapPage, SeatMapsPage } from './pages/seating/SeatMapsPage.tsx';
import { UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { HOME } from './session.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/dashboard$/, 'Dashboard'],
  [/^\/catalog\/events\/new$/, 'New event'],
  [/^\/catalog\/events\/.+/, 'Event'],
  [/^\/catalog\/events$/, 'Events'],
  [/^\/catalog\/tickets\/.+/, 'Ticket'],
  [/^\/catalog\/tickets$/, 'Tickets'],
  [/^\/catalog\/venues\/new$/, 'New venue'],
  [/^\/catalog\/venues\/.+/, 'Venue'],
  [/^\/catalog\/venues$/, 'Venues'],
  [/^\/catalog\/seat-maps\/.+/, 'Seat map'],
  [/^\/catalog\/seat-maps$/, 'Seat maps'],
  [/^\/customers\/.+/, 'Customer'],
  [/^\/customers$/, 'Customers'],
  [/^\/organizers$/, 'Organizers'],
  [/^\/merchants$/, 'Merchants'],
  [/^\/ushers$/, 'Ushers'],
  [/^\/logs\/checkin$/, 'Check-in log'],
  [/^\/users\/.+/, 'User'],
  [/^\/users$/, 'Users'],
  [/^\/admins$/, 'Admins'],
  [/^\/audit$/, 'Audit log'],
  [/^\/logs$/, 'System logs'],
  [/^\/jobs$/, 'Background jobs'],
  [/^\/mailbox$/, 'Mailbox'],
  [/^\/finance$/, 'Finance'],
  [/^\/finance\/payouts$/, 'Payouts'],
  [/^\/finance\/refunds\/requests$/, 'Refund requests'],
  [/^\/finance\/refunds$/, 'Refunds'],
  [/^\/finance\/ledger\/.+/, 'Ledger account'],
  [/^\/finance\/ledger$/, 'Ledger'],
  [/^\/finance\/expenses$/, 'Expenses'],
  [/^\/finance\/deposits$/, 'Deposits'],
  [/^\/finance\/profit-withdrawals$/, 'Profit withdrawals'],
  [/^\/finance\/profit-share$/, 'Profit share'],
  [/^\/finance\/settlements$/, 'Settlements'],
  [/^\/nfc-cards\/requests$/, 'Card requests'],
  [/^\/nfc-cards\/.+/, 'NFC card'],
  [/^\/nfc-cards$/, 'NFC cards'],
  [/^\/raffles\/new$/, 'New raffle'],
  [/^\/raffles\/.+/, 'Raffle'],
  [/^\/raffles$/, 'Raffles'],
  [/^\/edit-requests$/, 'Event change requests'],
  [/^\/account$/, 'Account'],
  [/^\/login$/, 'Sign in'],
  [/^\/forgot-password$/, 'Reset password'],
];

export function App() {
  return (
    <>
      <RouteEffects titles={TITLES} site="Admit Admin" />
      <Routes>
        <Route
          path="login"
          element={
            <PublicLayout>
              <LoginPage />
            </PublicLayout>
          }
        />
        <Route
          path="forgot-password"
          element={
            <PublicLayout>
              <ForgotPasswordPage />
            </PublicLayout>
          }
        />
        <Route element={<RequireAdmin />}>
          <Route index element={<Navigate to={HOME} replace />} />
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="catalog/events" element={<EventsPage />} />
          <Route path="catalog/events/new" element={<NewEventPage />} />
          <Route path="catalog/events/:id" element={<EventPage />} />
          <Route path="catalog/tickets" element={<TicketsPage />} />
          <Route path="catalog/tickets/:id" element={<TicketPage />} />
          <Route path="catalog/venues" element={<VenuesPage />} />
          <Route path="catalog/venues/new" element={<NewVenuePage />} />
          <Route path="catalog/venues/:id" element={<VenuePage />} />
          <Route path="catalog/seat-maps" element={<SeatMapsPage />} />
          <Route path="catalog/seat-maps/:venueId/:id" element={<SeatMapPage />} />
          <Route path="customers" element={<CustomersPage />} />
          <Route path="customers/:id" element={<CustomerPage />} />
          <Route path="organizers" element={<OrganizersPage />} />
          <Route path="merchants" element={<MerchantsPage />} />
          <Route path="ushers" element={<UshersPage />} />
          <Route path="logs/checkin" element={<CheckinLogsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="users/:id" element={<UserPage />} />
          <Route path="admins" element={<AdminsPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="logs" element={<SystemLogsPage />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="mailbox" element={<MailboxPage />} />
          <Route path="finance" element={<CompanyPage />} />
          <Route path="finance/payouts" element={<PayoutsPage />} />
          <Route path="finance/refunds" element={<RefundsPage />} />
          <Route path="finance/refunds/requests" element={<RefundRequestsAdminPage />} />
          <Route path="finance/ledger" element={<LedgerPage />} />
          <Route path="finance/ledger/:id" element={<LedgerAccountPage />} />
          <Route path="finance/:kind" element={<RecordsPage />} />
          <Route path="nfc-cards" element={<NfcCardsPage />} />
          <Route path="nfc-cards/requests" element={<NfcCardRequestsPage />} />
          <Route path="nfc-cards/:id" element={<NfcCardPage />} />
          <Route path="raffles" element={<RafflesPage />} />
          <Route path="raffles/new" element={<NewRafflePage />} />
          <Route path="raffles/:id" element={<RafflePage />} />
          <Route path="edit-requests" element={<EditRequestsPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
