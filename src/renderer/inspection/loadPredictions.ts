import { INSPECTION_FRAME_PAGE_MAX, type InspectionFrame, type InspectionMatching, type PredictionFormat } from '../../shared/inspectionContract';
import type { Workbench } from '../workbench/workbench';
import { inspectionStoreOf, type FrameSort } from './inspectionStore';

/** Every frame of a run in one order, page by page. */
async function allFrames(workbench: Workbench, runId: string, sort: FrameSort): Promise<InspectionFrame[]> {
  const frames: InspectionFrame[] = [];
  for (;;) {
    const page = await workbench.client.call('inspection.frames', { runId, sort, offset: frames.length, limit: INSPECTION_FRAME_PAGE_MAX });
    frames.push(...page.frames);
    if (page.frames.length === 0 || frames.length >= page.total) return frames;
  }
}

/** Has the host read a predictions file and compare it with the open scene's ground truth; a refusal is kept to show. */
export async function loadPredictions(workbench: Workbench, location: string, format?: PredictionFormat, matching?: InspectionMatching): Promise<void> {
  const store = inspectionStoreOf(workbench);
  const sceneId = workbench.view.getState().scene?.manifest.sceneId;
  if (!sceneId) return;
  store.getState().loading();
  try {
    const previous = store.getState().run;
    const run = await workbench.client.call('inspection.load', { sceneId, location: location.trim(), ...(format ? { format } : {}), ...(matching ? { matching } : {}) });
    const sort = store.getState().sort;
    store.getState().loaded(run, await allFrames(workbench, run.runId, sort), sort);
    if (previous) void workbench.client.call('inspection.close', { runId: previous.runId }).catch(() => undefined);
  } catch (e) {
    store.getState().failed((e as Error).message);
  }
}

/** Orders the run's frames by error (worst first) or in scene order. */
export async function sortFrames(workbench: Workbench, sort: FrameSort): Promise<void> {
  const store = inspectionStoreOf(workbench);
  const run = store.getState().run;
  if (!run) return;
  try {
    store.getState().sorted(sort, await allFrames(workbench, run.runId, sort));
  } catch (e) {
    workbench.view.getState().say(`The frames of ${run.name} could not be listed: ${(e as Error).message}`);
  }
}
