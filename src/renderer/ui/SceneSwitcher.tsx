import { openScene } from '../state/loadScene';
import { useView, useWorkbench } from '../workbench/context';

/** Open… (scenes, datasets, clouds) and, once several scenes are open, a picker between them. */
export function SceneSwitcher() {
  const workbench = useWorkbench();
  const scenes = useView((s) => s.scenes);
  const sceneId = useView((s) => s.scene?.manifest.sceneId);
  const setOpenDialog = useView((s) => s.setOpenDialog);
  const say = useView((s) => s.say);
  const access = useView((s) => s.info?.access);
  return (
    <>
      {access?.canOpen === false ? (
        <span className="badge" data-testid="read-only-badge" title="This host serves only the datasets it was started with, read-only">
          Reviewer · read-only
        </span>
      ) : (
        <button data-testid="open-cloud" title="Open a scene, a dataset or a point cloud of any size" onClick={() => setOpenDialog(true)}>
          Open…
        </button>
      )}
      {scenes.length > 1 && (
        <select
          className="scene-select"
          data-testid="scene-select"
          value={sceneId}
          title={`${scenes.find((s) => s.sceneId === sceneId)?.name ?? ''}: one of the scenes opened in this session`}
          onChange={(e) => void openScene(workbench, e.target.value).catch((err: Error) => say(err.message))}
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
