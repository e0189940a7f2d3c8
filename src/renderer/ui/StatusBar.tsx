import { useView } from '../state/viewStore';

export function StatusBar() {
  const save = useView((s) => s.save);
  const cloud = useView((s) => s.cloud);
  const cloudError = useView((s) => s.cloudError);
  const info = useView((s) => s.info);
  const notice = useView((s) => s.notice);
  const set = useView((s) => s.set);
  const saveText = save.error ? `Not saved: ${save.error}` : save.pending > 0 ? 'Saving…' : save.saved > 0 ? 'All changes saved' : 'Saved';
  return (
    <footer className="statusbar">
      <span data-testid="save-status" className={save.error ? 'error' : save.pending ? 'pending' : 'ok'} data-pending={save.pending}>
        {saveText}
      </span>
      <span data-testid="point-count">{cloud ? `${cloud.count.toLocaleString('en-US')} points` : cloudError ? '' : 'loading points…'}</span>
      {cloudError && (
        <span className="error" data-testid="cloud-error">
          {cloudError}
        </span>
      )}
      {notice && (
        <span className="notice" data-testid="notice">
          {notice}
          <button className="link" data-testid="notice-dismiss" onClick={() => set({ notice: null })} aria-label="Dismiss">
            ×
          </button>
        </span>
      )}
      <span className="spacer" />
      {info && (
        <span className="workspace" title={info.workspaceDir}>
          {info.user} · {info.shell === 'web' ? 'web host' : 'desktop'} · {info.workspaceDir}
        </span>
      )}
    </footer>
  );
}
