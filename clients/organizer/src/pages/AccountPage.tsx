/**
 * Account (seed 003 Plan 3 Phase 6): the profile, the organization's public profile
 * (`PUT /api/organizer/profile/`: name, description, website, contact e-mail/phone, the user's
 * first/last name) with its logo (`POST /api/organizer/profile/logo/`, multipart), password change
 * and signed-in devices.
 */

import type { RouterOutputs } from '@admit/ui';
import { errorInfo, fieldError, Spinner, trpc } from '@admit/ui';
import { TextAreaField } from '@admit/ui/console-controls.tsx';
import {
  ChangePasswordCard,
  DevicesCard,
  Field,
  FormError,
  LoadError,
  PortalCard,
  ProfileCard,
} from '@admit/ui/portal/index.ts';
import { type FormEvent, useRef, useState } from 'react';
import { PORTAL } from '../portal.ts';

type OrganizerProfile = RouterOutputs['organizer']['profile']['get'];

export function AccountPage() {
  return (
    <div className="page">
      <h1 className="page-title">Account</h1>
      <div className="account-grid">
        <ProfileCard query={PORTAL.profile} roleLabel={PORTAL.name} />
        <ChangePasswordCard procedure={PORTAL.changePassword} />
        <div className="account-grid__wide">
          <OrganizationCard />
        </div>
        <div className="account-grid__wide">
          <DevicesCard />
        </div>
      </div>
    </div>
  );
}

function OrganizationCard() {
  const profile = trpc.organizer.profile.get.useQuery({});
  return (
    <PortalCard title="Organization profile">
      {profile.isPending ? (
        <Spinner label="Loading the organization…" />
      ) : profile.isError ? (
        <LoadError error={profile.error} onRetry={() => void profile.refetch()} />
      ) : !profile.data.organizer ? (
        <p className="muted small">This account is not linked to an organizer yet.</p>
      ) : (
        <>
          <LogoUpload logoUrl={profile.data.organizer.logoUrl} name={profile.data.organizer.name} />
          <ProfileForm key={profile.dataUpdatedAt} profile={profile.data} />
        </>
      )}
    </PortalCard>
  );
}

const FIELDS = ['organizationName', 'description', 'website', 'contactEmail', 'contactPhone', 'firstName', 'lastName'];

function ProfileForm({ profile }: { profile: OrganizerProfile }) {
  const utils = trpc.useUtils();
  const org = profile.organizer!;
  const [v, setV] = useState({
    organizationName: org.name,
    description: org.description ?? '',
    website: org.website ?? '',
    contactEmail: org.contactEmail,
    contactPhone: org.contactPhone,
    firstName: profile.firstName,
    lastName: profile.lastName,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = trpc.organizer.profile.update.useMutation({
    onSuccess: (p) => {
      utils.organizer.profile.get.setData({}, p);
      void utils.organizer.me.invalidate();
      void utils.auth.me.invalidate();
      setSaved(true);
    },
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const next: Record<string, string> = {};
    if (v.organizationName.trim().length < 2) next.organizationName = 'At least 2 characters.';
    if (!v.firstName.trim()) next.firstName = 'Required.';
    if (!v.lastName.trim()) next.lastName = 'Required.';
    if (v.website.trim() && !/^https?:\/\/\S+\.\S+$/i.test(v.website.trim()))
      next.website = 'A web address starting with https://';
    setErrors(next);
    if (Object.keys(next).length) return;
    update.mutate({
      organizationName: v.organizationName.trim(),
      description: v.description.trim() || null,
      website: v.website.trim() || null,
      contactEmail: v.contactEmail.trim(),
      contactPhone: v.contactPhone.trim(),
      firstName: v.firstName.trim(),
      lastName: v.lastName.trim(),
    });
  };
  const err = (k: string) => errors[k] ?? fieldError(update.error, k);
  return (
    <form onSubmit={submit} noValidate className="profile-form" data-testid="organization-form">
      <div className="row">
        <Field
          label="First name"
          name="firstName"
          value={v.firstName}
          onChange={set('firstName')}
          error={err('firstName')}
        />
        <Field
          label="Last name"
          name="lastName"
          value={v.lastName}
          onChange={set('lastName')}
          error={err('lastName')}
        />
      </div>
      <Field
        label="Organization name"
        name="organizationName"
        value={v.organizationName}
        onChange={set('organizationName')}
        error={err('organizationName')}
      />
      <TextAreaField
        label="Description"
        name="description"
        maxLength={2000}
        value={v.description}
        onChange={set('description')}
        error={err('description')}
      />
      <Field
        label="Website"
        name="website"
        inputMode="url"
        value={v.website}
        onChange={set('website')}
        error={err('website')}
      />
      <div className="row">
        <Field
          label="Contact e-mail"
          name="contactEmail"
          type="email"
          value={v.contactEmail}
          onChange={set('contactEmail')}
          error={err('contactEmail')}
        />
        <Field
          label="Contact phone"
          name="contactPhone"
          inputMode="tel"
          value={v.contactPhone}
          onChange={set('contactPhone')}
          error={err('contactPhone')}
          hint="International format, e.g. +201001234567"
        />
      </div>
      <FormError error={update.error} fields={FIELDS} />
      {saved && (
        <div className="notice notice--ok" role="status">
          Profile saved.
        </div>
      )}
      <div className="actions">
        <button type="submit" className="ui-button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}

/** Logo: JPEG, PNG or WebP up to 5 MB, checked by the server from the file's bytes. */
function LogoUpload({ logoUrl, name }: { logoUrl: string | null; name: string }) {
  const utils = trpc.useUtils();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File) => {
    setError(null);
    if (file.size > 5 * 1024 * 1024) {
      setError('Images are at most 5 MB.');
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const res = await fetch('/api/organizer/profile/logo/', { method: 'POST', body: form, credentials: 'include' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `Upload failed (${res.status}).`);
        return;
      }
      await utils.organizer.profile.get.invalidate();
    } catch (err) {
      setError(errorInfo(err).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="logo-upload">
      {logoUrl ? (
        <img src={logoUrl} alt={`${name} logo`} className="logo-upload__img" data-testid="organizer-logo" />
      ) : (
        <div className="logo-upload__img logo-upload__img--empty" aria-hidden="true">
          {name.slice(0, 1)}
        </div>
      )}
      <div>
        <label className="ui-button ui-button--ghost ui-button--small" htmlFor="logo-file">
          {busy ? 'Uploading…' : logoUrl ? 'Replace logo' : 'Upload logo'}
        </label>
        <input
          ref={input}
          id="logo-file"
          name="logo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          className="visually-hidden"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
          }}
        />
        <p className="muted small">JPEG, PNG or WebP, at most 5 MB.</p>
        {error && (
          <p className="ui-field__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
