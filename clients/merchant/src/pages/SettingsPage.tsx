/**
 * Settings (seed 003 Plan 4 Phase 5): the business profile (`GET /merchant/settings/` →
 * `business`, saved with `PUT /merchant/settings/`), and links to the account page for the
 * password and mobile number changes.
 */
import { fieldError, Spinner, trpc } from '@admit/ui';
import { Field, FormError, LoadError, PortalCard, useForgetSessionOn401 } from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

const FIELDS = ['businessName', 'address', 'city', 'notifyOnAssignment'] as const;

interface BusinessForm {
  businessName: string;
  address: string;
  city: string;
  notifyOnAssignment: boolean;
}

function BusinessProfileForm({ initial }: { initial: BusinessForm }) {
  const utils = trpc.useUtils();
  const [form, setForm] = useState<BusinessForm>(initial);
  const [saved, setSaved] = useState(false);
  const save = trpc.merchant.updateSettings.useMutation({
    onSuccess: () => {
      setSaved(true);
      void utils.merchant.settings.invalidate();
    },
  });
  useForgetSessionOn401(save.error);
  const set = <K extends keyof BusinessForm>(key: K, value: BusinessForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      businessName: form.businessName,
      address: form.address,
      city: form.city,
      notifyOnAssignment: form.notifyOnAssignment,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field
        label="Business name"
        name="businessName"
        required
        maxLength={120}
        value={form.businessName}
        onChange={(e) => set('businessName', e.target.value)}
        error={fieldError(save.error, 'businessName')}
        hint="Customers see it in the SMS with their card code"
      />
      <Field
        label="Address"
        name="address"
        maxLength={200}
        value={form.address}
        onChange={(e) => set('address', e.target.value)}
        error={fieldError(save.error, 'address')}
      />
      <Field
        label="City"
        name="city"
        maxLength={80}
        value={form.city}
        onChange={(e) => set('city', e.target.value)}
        error={fieldError(save.error, 'city')}
      />
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={form.notifyOnAssignment}
          onChange={(e) => set('notifyOnAssignment', e.target.checked)}
        />{' '}
        Notify me when a customer confirms a card assignment
      </label>
      <FormError error={save.error} fields={FIELDS} />
      {saved && !save.error && (
        <div className="notice notice--ok" role="status">
          Business profile saved.
        </div>
      )}
      <button type="submit" className="ui-button" disabled={save.isPending || form.businessName.trim().length < 2}>
        {save.isPending ? 'Saving…' : 'Save business profile'}
      </button>
    </form>
  );
}

export function SettingsPage() {
  const settings = trpc.merchant.settings.useQuery({});
  useForgetSessionOn401(settings.error);
  return (
    <div className="page page--narrow">
      <h1 className="page-title">Settings</h1>
      <div className="stack">
        <PortalCard title="Business profile">
          {settings.isPending ? (
            <Spinner label="Loading your settings…" />
          ) : settings.error ? (
            <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <>
              {!settings.data.business && (
                <p className="muted">No business profile yet. Customers see your own name until you save one.</p>
              )}
              <BusinessProfileForm
                initial={{
                  businessName: settings.data.business?.businessName ?? '',
                  address: settings.data.business?.address ?? '',
                  city: settings.data.business?.city ?? '',
                  notifyOnAssignment: settings.data.business?.notifyOnAssignment ?? true,
                }}
              />
            </>
          )}
        </PortalCard>
        <PortalCard title="Sign-in and security">
          <p>Your mobile number, password and signed-in devices are on the account page.</p>
          <ul>
            <li>
              <Link to="/account">Change password</Link>
            </li>
            <li>
              <Link to="/account">Change mobile number</Link>
            </li>
          </ul>
        </PortalCard>
      </div>
    </div>
  );
}
