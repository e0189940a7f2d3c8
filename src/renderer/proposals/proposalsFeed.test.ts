import { afterEach, describe, expect, it } from 'vitest';
import type { CairnBridge, CairnClient } from '../../shared/client';
import { startTestWebHost, type TestWebHost } from '../../main/testing/testWebHost';
import { clientOver } from '../client/createClient';
import { createWsBridge } from '../client/wsClient';
import { Workbench } from '../workbench/workbench';
import { proposalsStoreOf, refreshProposals, showFrameProposals, watchProposals, type ProposalsState } from './proposalsStore';

// Two windows on one real web host, each with its own socket: one shows frames, the other runs and rejects.

let host: TestWebHost | null = null;
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await host?.stop();
  host = null;
});

/** A client over its own socket, with the names of the calls it made. */
function openWindow(origin: string): { client: CairnClient; calls: string[] } {
  const bridge = createWsBridge(origin);
  const calls: string[] = [];
  const counted: CairnBridge = { ...bridge, call: (name, input) => (calls.push(name), bridge.call(name, input)) };
  return { client: clientOver(counted), calls };
}

/** Resolves once the window's proposals store satisfies `holds` (at once if it does). */
function storeReaches(wb: Workbench, holds: (s: ProposalsState) => boolean): Promise<void> {
  const store = proposalsStoreOf(wb);
  return new Promise((resolve) => {
    if (holds(store.getState())) return resolve();
    const off = store.subscribe((s) => {
      if (!holds(s)) return;
      off();
      resolve();
    });
  });
}

/** Resolves with the next `proposals.changed` the client hears. */
function nextChange(client: CairnClient): Promise<{ sceneId: string; frameId: string }> {
  return new Promise((resolve) => {
    const off = client.on('proposals.changed', (p) => {
      off();
      resolve(p);
    });
  });
}

async function runClusterBoxes(client: CairnClient, sceneId: string, frameId: string): Promise<void> {
  let jobId: string | null = null;
  const ended = new Map<string, string>();
  let finish: (status: string) => void = () => undefined;
  const finished = new Promise<string>((resolve) => (finish = resolve));
  const off = client.on('job.finished', (f) => {
    ended.set(f.jobId, f.status);
    if (f.jobId === jobId) finish(f.status);
  });
  try {
    ({ jobId } = await client.call('models.run', { sceneId, frameId, generatorId: 'cluster-boxes' }));
    expect(ended.get(jobId) ?? (await finished)).toBe('done');
  } finally {
    off();
  }
}

describe("a window's proposals over the real web host", () => {
  it("asks the host only for frames that hold proposals and have changed, and drops what it kept when another window rejects some", async () => {
    host = await startTestWebHost();
    const a = openWindow(host.origin);
    const b = openWindow(host.origin);
    const wb = new Workbench(a.client);
    stops.push(watchProposals(wb));
    const { defaultSceneId: sceneId } = await b.client.call('app.info', {});
    const { manifest } = await b.client.call('scene.open', { sceneId: sceneId! });
    const [f0, f1] = manifest.frames.map((f) => f.frameId);
    const key0 = `${sceneId}/${f0}`;
    const key1 = `${sceneId}/${f1}`;
    const store = proposalsStoreOf(wb);

    // No frame holds proposals: one call names none, then every step is answered from it.
    showFrameProposals(wb, sceneId!, f0);
    await storeReaches(wb, (s) => s.readFor === key0);
    expect(store.getState().proposals).toEqual([]);
    showFrameProposals(wb, sceneId!, f1);
    expect(store.getState().readFor).toBe(key1);
    showFrameProposals(wb, sceneId!, f0);
    expect(store.getState().readFor).toBe(key0);
    expect(a.calls).toEqual(['models.proposalFrames']);

    // The other window's run on the frame on screen: this one hears of it and reads the frame once.
    await runClusterBoxes(b.client, sceneId!, f0);
    await storeReaches(wb, (s) => s.readFor === key0 && s.proposals.length > 0);
    const ran = store.getState().proposals;
    expect(a.calls).toEqual(['models.proposalFrames', 'models.proposals']);
    showFrameProposals(wb, sceneId!, f1);
    showFrameProposals(wb, sceneId!, f0);
    expect(store.getState().proposals).toBe(ran);
    expect(a.calls).toHaveLength(2);

    // A reject by the other window while this one shows another frame: the kept list is dropped, read again when shown.
    showFrameProposals(wb, sceneId!, f1);
    const heard = nextChange(a.client);
    expect(await b.client.call('models.reject', { sceneId: sceneId!, frameId: f0, proposalIds: [ran[0].proposalId] })).toEqual({ rejected: 1 });
    expect(await heard).toEqual({ sceneId, frameId: f0 });
    expect(store.getState().readFor).toBe(key1);
    expect(a.calls).toHaveLength(2);
    showFrameProposals(wb, sceneId!, f0);
    await storeReaches(wb, (s) => s.readFor === key0 && s.proposals.length === ran.length - 1);
    expect(store.getState().proposals.map((p) => p.proposalId)).toEqual(ran.slice(1).map((p) => p.proposalId));
    expect(a.calls).toEqual(['models.proposalFrames', 'models.proposals', 'models.proposals']);

    // A reject while the frame is on screen: read again at once, without this window asking for it.
    const after = store.getState().proposals;
    await b.client.call('models.reject', { sceneId: sceneId!, frameId: f0, proposalIds: [after[0].proposalId] });
    await storeReaches(wb, (s) => s.proposals.length === after.length - 1);
    expect(a.calls).toHaveLength(4);

    // A reject of nothing changes nothing: no event, so the kept list stands. This window's own
    // call is answered on its socket after any event the reject sent it.
    expect(await b.client.call('models.reject', { sceneId: sceneId!, frameId: f0, proposalIds: [ran[0].proposalId] })).toEqual({ rejected: 0 });
    await a.client.call('app.info', {});
    const kept = store.getState().proposals;
    showFrameProposals(wb, sceneId!, f1);
    showFrameProposals(wb, sceneId!, f0);
    expect(store.getState().proposals).toBe(kept);
    expect(a.calls).toEqual(['models.proposalFrames', 'models.proposals', 'models.proposals', 'models.proposals', 'app.info']);
  }, 120_000);

  it('reads every frame shown, and again after its own change, in a window not listening for changes', async () => {
    host = await startTestWebHost();
    const a = openWindow(host.origin);
    const wb = new Workbench(a.client);
    const { defaultSceneId: sceneId } = await a.client.call('app.info', {});
    const { manifest } = await a.client.call('scene.open', { sceneId: sceneId! });
    const [f0, f1] = manifest.frames.map((f) => f.frameId);
    a.calls.length = 0;
    showFrameProposals(wb, sceneId!, f0);
    await storeReaches(wb, (s) => s.readFor === `${sceneId}/${f0}`);
    showFrameProposals(wb, sceneId!, f1);
    await storeReaches(wb, (s) => s.readFor === `${sceneId}/${f1}`);
    showFrameProposals(wb, sceneId!, f0);
    await storeReaches(wb, (s) => s.readFor === `${sceneId}/${f0}`);
    expect(a.calls).toEqual(['models.proposals', 'models.proposals', 'models.proposals']);

    await runClusterBoxes(a.client, sceneId!, f0);
    refreshProposals(wb, sceneId!, f0);
    await storeReaches(wb, (s) => s.proposals.length > 0);
    expect(a.calls.filter((c) => c === 'models.proposals')).toHaveLength(4);
  }, 120_000);
});
