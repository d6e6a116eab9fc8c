import { RouteEffects } from '@admit/ui/route-effects.tsx';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminsPage } from './pages/AdminsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
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
import { NewRafflePage, RafflePage } from './pages/raffles/RafflePage.tsx';
import { RafflesPage } from './pages/raffles/RafflesPage.tsx';
import { SystemLogsPage } from './pages/SystemLogsPage.tsx';
import { UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { HOME } from './session.tsx';

const TITLES: [RegExp, string][] = [
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
  [/^\/raffles\/new$/, 'New raffle'],
  [/^\/raffles\/.+/, 'Raffle'],
  [/^\/raffles$/, 'Raffles'],
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
          <Route path="raffles" element={<RafflesPage />} />
          <Route path="raffles/new" element={<NewRafflePage />} />
          <Route path="raffles/:id" element={<RafflePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
