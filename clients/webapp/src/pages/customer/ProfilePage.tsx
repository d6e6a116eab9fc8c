/**
 * Edit my profile (seed 003 Plan 1 Phase 3 `PUT /api/v1/users/profile/`): names, e-mail,
 * emergency contact and blood type (shown to first aid at the gate), photo address. The mobile
 * number is the sign-in identifier and is not edited here. Server field errors show inline
 * (e.g. an e-mail address another account uses).
 */
import { fieldError, Spinner, trpc } from '@admit/ui';
import { Field, FormError, SelectField } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useEffect, useState } from 'react';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';

/** The server's enum (shared ZBloodType); kept here so the bundle does not pull in the shared package. */
const BLOOD_TYPES = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
const FIELDS = ['firstName', 'lastName', 'email', 'emergencyContact', 'bloodType', 'photoUrl'] as const;
type Form = Record<(typeof FIELDS)[number], string>;

/**
 * The photo: a JPEG, PNG or WebP up to 5 MB sent to `POST /api/v1/users/profile/photo/`
 * (multipart; the session cookie goes along), which stores it and sets it on the profile.
 */
function PhotoUpload({ photoUrl, onUploaded }: { photoUrl: string | null; onUploaded: (url: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > 5 * 1024 * 1024) {
      setError('Images are at most 5 MB.');
      return;
    }
    setBusy(true);
    try {
      const body = new FormData();
      body.append('file', file);
      const res = await fetch('/api/v1/users/profile/photo/', { method: 'POST', body, credentials: 'include' });
      const json = (await res.json().catch(() => null)) as { photoUrl?: string; error?: { message?: string } } | null;
      if (!res.ok || !json?.photoUrl) throw new Error(json?.error?.message ?? `Upload failed (HTTP ${res.status}).`);
      onUploaded(json.photoUrl);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ui-field">
      {photoUrl && (
        <img
          src={photoUrl}
          alt="Your profile"
          width={96}
          height={96}
          style={{ borderRadius: '50%', objectFit: 'cover' }}
          data-testid="profile-photo"
        />
      )}
      <label htmlFor="profile-photo-file">{photoUrl ? 'Replace your photo' : 'Upload a photo (optional)'}</label>
      <input
        id="profile-photo-file"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        disabled={busy}
        aria-describedby="profile-photo-hint"
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      {error ? (
        <span className="ui-field__error" role="alert">
          {error}
        </span>
      ) : (
        <span id="profile-photo-hint" className="field-hint">
          {busy ? 'Uploading…' : 'JPEG, PNG or WebP, up to 5 MB.'}
        </span>
      )}
    </div>
  );
}

export function ProfilePage() {
  const utils = trpc.useUtils();
  const profile = trpc.customer.profile.get.useQuery({});
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  const update = trpc.customer.profile.update.useMutation({
    onSuccess: (p) => {
      utils.customer.profile.get.setData({}, p);
      void utils.customer.me.invalidate();
      void utils.auth.me.invalidate();
      setSaved(true);
    },
  });

  useEffect(() => {
    if (profile.data && !form) {
      const p = profile.data;
      setForm({
        firstName: p.firstName,
        lastName: p.lastName,
        email: p.email ?? '',
        emergencyContact: p.emergencyContact ?? '',
        bloodType: p.bloodType ?? '',
        photoUrl: p.photoUrl ?? '',
      });
    }
  }, [profile.data, form]);

  const set = (key: keyof Form) => (e: { target: { value: string } }) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, [key]: e.target.value } : f));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    update.mutate({
      firstName: form.firstName,
      lastName: form.lastName,
      email: form.email.trim(),
      emergencyContact: form.emergencyContact,
      bloodType: form.bloodType as (typeof BLOOD_TYPES)[number] | '',
      photoUrl: form.photoUrl.trim(),
    });
  };
  const err = (f: keyof Form) => fieldError(update.error, f);

  return (
    <div className="page page--medium">
      <h1 className="page-title">My profile</h1>
      <AccountNav />
      {profile.isPending ? (
        <Spinner label="Loading your profile…" />
      ) : profile.isError && !profile.data ? (
        <LoadError error={profile.error} onRetry={() => void profile.refetch()} />
      ) : form && profile.data ? (
        <form className="ui-card" onSubmit={submit} noValidate aria-labelledby="profile-title">
          <h2 id="profile-title" style={{ marginTop: 0 }}>
            Personal details
          </h2>
          <p className="muted small">
            Mobile <span className="mono">{profile.data.mobile}</span> is how you sign in; it is not changed here.
          </p>
          <PhotoUpload
            photoUrl={profile.data.photoUrl}
            onUploaded={(photoUrl) => {
              setForm((f) => (f ? { ...f, photoUrl } : f));
              void profile.refetch();
            }}
          />
          <Field
            label="First name"
            name="firstName"
            autoComplete="given-name"
            required
            value={form.firstName}
            onChange={set('firstName')}
            error={err('firstName')}
          />
          <Field
            label="Last name"
            name="lastName"
            autoComplete="family-name"
            required
            value={form.lastName}
            onChange={set('lastName')}
            error={err('lastName')}
          />
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="email"
            value={form.email}
            onChange={set('email')}
            error={err('email')}
            hint={
              profile.data.email && !profile.data.emailVerified ? 'Not verified yet.' : 'Receipts and updates go here.'
            }
          />
          <Field
            label="Emergency contact"
            name="emergencyContact"
            value={form.emergencyContact}
            onChange={set('emergencyContact')}
            error={err('emergencyContact')}
            hint="A name and number we can call if something happens to you at an event."
          />
          <SelectField
            label="Blood type"
            name="bloodType"
            value={form.bloodType}
            onChange={set('bloodType')}
            error={err('bloodType')}
            hint="Shared with the first-aid team only."
          >
            <option value="">Not given</option>
            {BLOOD_TYPES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </SelectField>
          <Field
            label="Or a photo address"
            name="photoUrl"
            type="url"
            inputMode="url"
            value={form.photoUrl}
            onChange={set('photoUrl')}
            error={err('photoUrl')}
            hint="An https:// link to a picture of you."
          />
          <FormError error={update.error} fields={FIELDS} />
          {saved && (
            <div className="notice notice--ok" role="status">
              Your profile was saved.
            </div>
          )}
          <div className="actions">
            <button type="submit" className="ui-button" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
