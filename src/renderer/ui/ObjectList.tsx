import { groundTruthInFrame } from '../state/loadScene';
import { getSession } from '../state/session';
import { useView } from '../state/viewStore';

export function ObjectList() {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const selectedId = useView((s) => s.selectedId);
  useView((s) => s.revision);
  const set = useView((s) => s.set);
  const editor = getSession()?.editor;
  const showGroundTruth = useView((s) => s.showGroundTruth);
  const records = editor && cloud ? editor.inFrame(cloud.frameId).sort((a, b) => a.createdAt - b.createdAt) : [];
  const groundTruth = cloud && showGroundTruth ? groundTruthInFrame() : [];
  const classOf = (id: string) => ontology?.classes.find((c) => c.classId === id);
  return (
    <aside className="panel object-list" data-testid="object-list">
      <h2>
        Objects <span className="count" data-testid="object-count">{records.length}</span>
      </h2>
      {records.length === 0 && <p className="hint">{canEdit ? 'No boxes in this frame yet. Draw one (B) or fit one to a point (F).' : 'No boxes in this frame.'}</p>}
      <ul>
        {records.map((r, i) => {
          const cls = classOf(r.classId);
          return (
            <li key={r.objectId}>
              <button
                data-testid="object-row"
                data-object-id={r.objectId}
                className={r.objectId === selectedId ? 'selected' : ''}
                onClick={() => set({ selectedId: r.objectId, tool: 'select' })}
              >
                <span className="swatch" style={{ background: cls?.color ?? '#999' }} />
                <span className="name">{cls?.name ?? r.classId}</span>
                <span className="id">#{i + 1}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {groundTruth.length > 0 && (
        <>
          <h3>
            Ground truth <span className="count" data-testid="ground-truth-count">{groundTruth.length}</span>
          </h3>
          <ul className="gt">
            {groundTruth.map((g) => {
              const cls = classOf(g.classId);
              return (
                <li key={g.objectId}>
                  <button
                    data-testid="ground-truth-row"
                    data-object-id={g.objectId}
                    className={g.objectId === selectedId ? 'selected' : ''}
                    title={`${g.sourceClass ?? cls?.name ?? g.classId}${g.trackId ? ` · track ${g.trackId}` : ''} (read-only)`}
                    onClick={() => set({ selectedId: g.objectId, tool: 'select' })}
                  >
                    <span className="swatch" style={{ background: cls?.color ?? '#999' }} />
                    <span className="name">{g.sourceClass ?? cls?.name ?? g.classId}</span>
                    <span className="id">{g.trackId ? g.trackId.slice(-6) : ''}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </aside>
  );
}
