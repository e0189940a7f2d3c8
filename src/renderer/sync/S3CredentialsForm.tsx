import { useEffect, useState, type FormEvent } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useWorkbench } from '../workbench/context';

type Saved = CallOutput<'credentials.list'>;

const EMPTY = { endpoint: '', region: '', accessKeyId: '', secretAccessKey: '', sessionToken: '', profile: '' };

/**
 * An S3 store's endpoint and credentials, sent to the host once: the host keeps them (encrypted
 * where the OS offers it) and answers only with the key id's ends, so the secret never comes back.
 */
export function S3CredentialsForm({ location, onError }: { readonly location: string; readonly onError: (message: string | null) => void }) {
  const wb = useWorkbench();
  const [saved, setSaved] = useState<Saved | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    wb.client.call('credentials.list', {}).then((s) => live && setSaved(s), (e: Error) => live && onError(e.message));
    return () => {
      live = false;
    };
  }, [wb, onError]);
  const scope = location.endsWith('/') ? location : `${location}/`;
  const mine = saved?.stores.filter((s) => scope.startsWith(s.location)).sort((a, b) => b.location.length - a.location.length)[0] ?? null;
  const run = (call: () => Promise<Saved>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    onError(null);
    try {
      setSaved(await call());
      setForm(EMPTY);
      setConsent(false);
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof EMPTY) => (form[name].trim() ? { [name]: form[name].trim() } : {});
  const protection = saved?.protection;
  return (
    <details className="sync-register" data-testid="s3-credentials">
      <summary>S3 credentials{mine ? ' (saved)' : ' (from the AWS environment)'}</summary>
      {mine && (
        <div className="sync-row" data-testid="s3-credentials-saved">
          <span className="hint">
            Saved for {mine.location}: {mine.credentials.kind === 'keys' ? `key id ${mine.credentials.keyId}${mine.credentials.sessionToken ? ' with a session token' : ''}` : `AWS profile ${mine.credentials.profile}`}
            {mine.endpoint ? `, endpoint ${mine.endpoint}` : ''}
          </span>
          <button data-testid="s3-credentials-remove" disabled={busy} onClick={run(() => wb.client.call('credentials.removeS3', { location: mine.location }))}>
            Remove (use the AWS environment)
          </button>
        </div>
      )}
      {protection && (
        <p className={protection.encrypted ? 'hint' : 'sync-error'} data-testid="s3-credentials-protection">
          Kept in this host, never sent back to this page: {protection.where}.
        </p>
      )}
      <form onSubmit={run(() => wb.client.call('credentials.saveS3', { location: scope, ...field('endpoint'), ...field('region'), ...field('accessKeyId'), ...field('secretAccessKey'), ...field('sessionToken'), ...field('profile'), ...(consent ? { allowPlaintext: true } : {}) }))}>
        <input data-testid="s3-endpoint" placeholder="Endpoint (MinIO, Ceph…; empty for AWS)" value={form.endpoint} onChange={(e) => setForm({ ...form, endpoint: e.target.value })} aria-label="S3 endpoint" />
        <input data-testid="s3-region" placeholder="Region (optional)" value={form.region} onChange={(e) => setForm({ ...form, region: e.target.value })} aria-label="S3 region" />
        <input data-testid="s3-access-key-id" placeholder="Access key id" autoComplete="off" value={form.accessKeyId} onChange={(e) => setForm({ ...form, accessKeyId: e.target.value })} aria-label="Access key id" />
        <input data-testid="s3-secret" type="password" placeholder="Secret access key" autoComplete="off" value={form.secretAccessKey} onChange={(e) => setForm({ ...form, secretAccessKey: e.target.value })} aria-label="Secret access key" />
        <input data-testid="s3-session-token" type="password" placeholder="Session token (optional)" autoComplete="off" value={form.sessionToken} onChange={(e) => setForm({ ...form, sessionToken: e.target.value })} aria-label="Session token" />
        <input data-testid="s3-profile" placeholder="…or an AWS profile name" value={form.profile} onChange={(e) => setForm({ ...form, profile: e.target.value })} aria-label="AWS profile" />
        {protection?.plaintextNeedsConsent && (
          <label className="sync-error">
            <input type="checkbox" data-testid="s3-allow-plaintext" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> This system offers no encryption: keep them unencrypted anyway
          </label>
        )}
        <button type="submit" data-testid="s3-credentials-save" disabled={busy || (!form.profile.trim() && !(form.accessKeyId.trim() && form.secretAccessKey)) || (protection?.plaintextNeedsConsent === true && !consent)}>
          Save for {scope}
        </button>
      </form>
    </details>
  );
}
