import type { CairnClient } from '../../shared/client';
import { openScene } from '../state/loadScene';
import { useView } from '../state/viewStore';

/** Open… (scenes, datasets, clouds) and, once several scenes are open, a picker between them. */
export function SceneSwitcher({ client }: { client: CairnClient }) {
  const scenes = useView((s) => s.scenes);
  const sceneId = useView((s) => s.scene?.manifest.sceneId);
  const set = useView((s) => s.set);
  const access = useView((s) => s.info?.access);
  return (
    <>
      {access?.canOpen === false ? (
        <span className="badge" data-testid="read-only-badge" title="This host serves only the datasets it was started with, read-only">
          Reviewer · read-only
        </span>
      ) : (
        <button data-testid="open-cloud" title="Open a scene, a dataset or a point cloud of any size" onClick={() => set({ showOpenDialog: true })}>
          Open…
        </button>
      )}
      {scenes.length > 1 && (
        <select
          className="scene-select"
          data-testid="scene-select"
          value={sceneId}
          title="Scenes opened in this session"
          onChange={(e) => void openScene(client, e.target.value).catch((err: Error) => set({ notice: err.message }))}
        >
          {scenes.map((s) => (
            <option key={s.sceneId} value={s.sceneId}>
              {s.name} ({s.kind === 'reconstruction' ? 'reconstruction' : `${s.frameCount} frames`})
            </option>
          ))}
        </select>
      )}
    </>
  );
}
