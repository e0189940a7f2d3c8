import { useState, type FormEvent } from 'react';
import type { SyncStatus } from './useSyncStatus';
import { useWorkbench } from '../workbench/context';
import { S3CredentialsForm } from './S3CredentialsForm';

interface Props {
  readonly status: SyncStatus;
  readonly onStatus: (s: SyncStatus) => void;
  readonly onError: (message: string | null) => void;
}

/** Connecting to a store, creating one, this workspace's key for an admin, and an admin's key registration. */
export function SyncStoreForms({ status, onStatus, onError }: Props) {
  const wb = useWorkbench();
  const [location, setLocation] = useState(status.location ?? '');
  const [storeName, setStoreName] = useState('');
  const [key, setKey] = useState({ publicKey: '', role: 'annotator' as 'annotator' | 'reviewer' | 'admin', name: '' });
  const [busy, setBusy] = useState(false);
  // Answered calls, counted: a flow (or a test) knows that the sync it asked for has ended, not only that none is showing.
  const [answered, setAnswered] = useState(0);
  const [releaseMessage, setReleaseMessage] = useState('');
  const [released, setReleased] = useState<string | null>(null);
  const run = (call: () => Promise<SyncStatus>, then?: () => void) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    onError(null);
    try {
      onStatus(await call());
      then?.();
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setBusy(false);
      setAnswered((n) => n + 1);
    }
  };
  return (
    <div className="sync-forms" data-testid="sync-forms" data-answered={answered}>
      <form className="sync-row" onSubmit={run(() => wb.client.call('sync.connect', { location: location.trim() }))}>
        <input
          data-testid="sync-location"
          placeholder="Store: a folder, s3://bucket/prefix or https://…"
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          aria-label="Store location"
        />
        <button type="submit" data-testid="sync-connect" disabled={busy || !location.trim()}>
          Connect
        </button>
      </form>
      {/^s3:\/\/[^/]+/i.test(location.trim()) && <S3CredentialsForm location={location.trim()} onError={onError} />}
      {status.location && (
        <div className="sync-row">
          <button data-testid="sync-now" disabled={busy} onClick={run(() => wb.client.call('sync.now', {}))}>
            Sync now
          </button>
          <button disabled={busy} onClick={run(() => wb.client.call('sync.disconnect', {}))}>
            Disconnect
          </button>
        </div>
      )}
      {status.state === 'no-store' && (
        <form className="sync-row" onSubmit={run(() => wb.client.call('sync.createStore', { name: storeName.trim() }))}>
          <input data-testid="sync-store-admin-name" placeholder="Your name (the store's admin)" value={storeName} onChange={(e) => setStoreName(e.target.value)} aria-label="Admin name" />
          <button type="submit" data-testid="sync-create-store" disabled={busy || !storeName.trim()}>
            Create store here
          </button>
        </form>
      )}
      {status.location && !status.role && status.state !== 'no-store' && (
        <div className="sync-key">
          <p className="hint">Send this key to an admin of the store; your edits stay here until it is registered.</p>
          <code data-testid="sync-public-key">{status.publicKey}</code>
        </div>
      )}
      {(status.role === 'admin' || status.role === 'reviewer') && (
        <form
          className="sync-row"
          onSubmit={run(async () => {
            const r = await wb.client.call('sync.release', { message: releaseMessage.trim() });
            setReleased(`Release ${r.number} published (${r.heads.length} head(s), ${r.address.slice(0, 10)})`);
            setReleaseMessage('');
            return wb.client.call('sync.status', {});
          })}
        >
          <input data-testid="sync-release-message" placeholder="Release message (a reviewed snapshot)" value={releaseMessage} onChange={(e) => setReleaseMessage(e.target.value)} aria-label="Release message" />
          <button type="submit" data-testid="sync-release" disabled={busy || !releaseMessage.trim() || !status.capabilities?.conditionalWrite} title={status.capabilities?.conditionalWrite ? undefined : 'This store has no conditional writes: releases cannot be published safely there'}>
            Publish release
          </button>
        </form>
      )}
      {released && (
        <p className="hint" data-testid="sync-released">
          {released}
        </p>
      )}
      {status.role === 'admin' && (
        <details className="sync-register">
          <summary>Register a key</summary>
          <form
            onSubmit={run(
              () => wb.client.call('sync.registerKey', { publicKey: key.publicKey.trim(), role: key.role, name: key.name.trim() }),
              () => setKey({ publicKey: '', role: 'annotator', name: '' }),
            )}
          >
            <input data-testid="sync-register-key" placeholder="Public key (64 hex digits)" value={key.publicKey} onChange={(e) => setKey({ ...key, publicKey: e.target.value })} aria-label="Public key" />
            <input data-testid="sync-register-name" placeholder="Name" value={key.name} onChange={(e) => setKey({ ...key, name: e.target.value })} aria-label="Name" />
            <select data-testid="sync-register-role" value={key.role} onChange={(e) => setKey({ ...key, role: e.target.value as typeof key.role })} aria-label="Role">
              <option value="annotator">annotator</option>
              <option value="reviewer">reviewer</option>
              <option value="admin">admin</option>
            </select>
            <button type="submit" data-testid="sync-register" disabled={busy || !key.publicKey.trim() || !key.name.trim()}>
              Register
            </button>
          </form>
        </details>
      )}
    </div>
  );
}
