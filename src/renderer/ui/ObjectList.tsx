import { getSession } from '../state/session';
import { useView } from '../state/viewStore';

export function ObjectList() {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  useView((s) => s.revision);
  const set = useView((s) => s.set);
  const editor = getSession()?.editor;
  const records = editor && cloud ? editor.inFrame(cloud.frameId).sort((a, b) => a.createdAt - b.createdAt) : [];
  const classOf = (id: string) => ontology?.classes.find((c) => c.classId === id);
  return (
    <aside className="panel object-list" data-testid="object-list">
      <h2>
        Objects <span className="count" data-testid="object-count">{records.length}</span>
      </h2>
      {records.length === 0 && <p className="hint">No boxes in this frame yet. Draw one (B) or fit one to a point (F).</p>}
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
    </aside>
  );
}
