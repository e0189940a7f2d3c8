import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSceneManifest } from '../../../core/scene/manifest';
import { parseCallInput, type CallInput, type CallName, type CallOutput } from '../../../shared/contract';
import { createAppServices, type AppServices } from '../appServices';
import { writeBoxDetector } from './testing/boxDetectorModel';
import { writeSampleCarDetector } from './testing/sampleCarDetector';
import { decodeFrameCloud } from '../../../core/scene/frameCloud';
import { parsePillarCard } from '../../../core/models/pillars/pillarCard';
import { pillarProposals } from '../../../core/models/pillars/pillarProposals';
import { DEV_MODEL_WORKERS } from './modelWorkerFiles';
import { PillarRunner } from './pillarRunner';
import { writeSamplePillarModel } from './testing/samplePillarModel';

const RESOURCES = path.resolve(__dirname, '../../../../resources');
const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(RESOURCES, 'sample', 'scene.json'), 'utf8')), 'scene.json');
const frame = manifest.frames[0];
const dirs: string[] = [];
let services: AppServices;

const call = <K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> =>
  services.handlers[name](parseCallInput(name, input), { transport: 'test' }) as Promise<CallOutput<K>>;

/** Runs a generator on a frame of the sample (its first unless told) and waits for its job to end. */
async function runOnFrame(generatorId: string, options: { cancel?: boolean; frameId?: string } = {}) {
  let finish: (f: { status: string; message: string }) => void = () => {};
  const finished = new Promise<{ status: string; message: string }>((resolve) => (finish = resolve));
  let jobId = '';
  const seen = new Map<string, { status: string; message: string }>();
  const off = services.events.subscribe((name, payload) => {
    if (name !== 'job.finished') return;
    const f = payload as { jobId: string; status: string; message: string };
    seen.set(f.jobId, f);
    if (f.jobId === jobId) finish(f);
  });
  try {
    ({ jobId } = await call('models.run', { sceneId: manifest.sceneId, frameId: options.frameId ?? frame.frameId, generatorId }));
    // The job is reading the scan from disk now: it cannot have ended before this call.
    if (options.cancel) expect(await call('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    const early = seen.get(jobId);
    return early ?? (await finished);
  } finally {
    off();
  }
}

let workspaceDir: string;

beforeAll(() => {
  workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-proposals-'));
  dirs.push(workspaceDir);
  services = createAppServices({ workspaceDir, resourcesDir: RESOURCES, shell: 'web', user: 'tester', version: '0.0.0' });
});

afterAll(() => {
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('proposals on a frame of the sample scene', () => {
  it('cluster-boxes is always listed, runs as a job in its worker, and proposes cars near the ground truth with its provenance', async () => {
    const { generators } = await call('models.list', {});
    expect(generators[0]).toMatchObject({ generatorId: 'cluster-boxes', builtIn: true, sha256: null });
    const finished = await runOnFrame('cluster-boxes');
    expect(finished.status).toBe('done');
    const { proposals } = await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId });
    expect(finished.message).toBe(`cluster-boxes on frame 1: ${proposals.length} proposals`);
    const cars = proposals.filter((p) => p.classId === 'car');
    expect(cars.length).toBeGreaterThan(0);
    // At least half the car proposals lie within 1 m of a ground-truth car of the frame (cluster-boxes also boxes clutter of a car's size).
    const truth = manifest.groundTruth.filter((g) => g.frameId === frame.frameId && g.classId === 'car');
    const nearest = (p: (typeof cars)[number]) => Math.min(...truth.map((g) => Math.hypot(g.cuboid.center[0] - p.cuboid.center[0], g.cuboid.center[1] - p.cuboid.center[1])));
    expect(cars.filter((p) => nearest(p) < 1).length).toBeGreaterThanOrEqual(Math.ceil(cars.length / 2));
    expect(cars[0].provenance).toMatchObject({ generator: 'cluster-boxes', model: { name: 'cluster-boxes', file: '(built in)' }, runtime: { name: 'cairn', version: '0.0.0' } });
    expect(cars[0].cuboid.frame).toBe('lidar_top');

    const [gone, ...rest] = proposals;
    expect(await call('models.reject', { sceneId: manifest.sceneId, frameId: frame.frameId, proposalIds: [gone.proposalId] })).toEqual({ rejected: 1 });
    const after = await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId });
    expect(after.proposals.map((p) => p.proposalId)).toEqual(rest.map((p) => p.proposalId));
  }, 120_000);

  it('a registered model (built by the test to find the ground-truth car) is lifted onto that car, with its hash in the provenance; removed, it is gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-box-detector-'));
    dirs.push(dir);
    const { car, ...files } = writeSampleCarDetector(dir, RESOURCES);

    const info = await call('models.register', files);
    expect(info).toMatchObject({ kind: 'detect2d-lift', name: 'Test car finder', builtIn: false, classes: ['car'] });
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(call('models.register', files)).rejects.toThrow('this model is registered already, as "Test car finder"');

    const finished = await runOnFrame(info.generatorId);
    expect(finished.status).toBe('done');
    const { proposals } = await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId });
    const lifted = proposals.filter((p) => p.generatorId === info.generatorId && p.sensorId === 'cam_front');
    expect(lifted.length).toBeGreaterThanOrEqual(1);
    const d = Math.hypot(lifted[0].cuboid.center[0] - car.cuboid.center[0], lifted[0].cuboid.center[1] - car.cuboid.center[1]);
    expect(d).toBeLessThan(1);
    expect(lifted[0]).toMatchObject({ classId: 'car', provenance: { generator: 'detect2d-lift', model: { name: 'Test car finder', sha256: info.sha256, file: 'detector.onnx' } } });
    expect(lifted[0].score).toBeCloseTo(0.8, 5);

    // Weights changed on disk since registering are refused before any session loads them.
    appendFileSync(files.modelFile, Buffer.from([0]));
    const changed = await runOnFrame(info.generatorId);
    expect(changed).toMatchObject({ status: 'failed' });
    expect(changed.message).toContain(`${files.modelFile} changed since it was registered`);

    expect(await call('models.remove', { generatorId: info.generatorId })).toEqual({ removed: true });
    expect((await call('models.list', {})).generators.map((g) => g.generatorId)).toEqual(['cluster-boxes']);
  }, 120_000);

  it('a split 3D detector (two graphs the test builds) registers with both files, runs on the scan in its worker, and proposes what the runner gives on the same points', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-pillar-model-'));
    dirs.push(dir);
    const { pfeFile: pfe, rpnFile: rpn, cardFile: card, card: cardInput } = writeSamplePillarModel(dir);
    await expect(call('models.register', { modelFile: pfe, cardFile: card })).rejects.toThrow(`${card}: a 3D detector's card: give its second graph`);
    await expect(call('models.register', { modelFile: pfe, cardFile: card, rpnFile: pfe })).rejects.toThrow(pfe);

    const info = await call('models.register', { modelFile: pfe, cardFile: card, rpnFile: rpn });
    expect(info).toMatchObject({ kind: 'pillars', name: 'test pillars', file: pfe, rpnFile: rpn, builtIn: false, classes: ['car'] });
    const finished = await runOnFrame(info.generatorId);
    expect(finished.status).toBe('done');
    const made = (await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId })).proposals.filter((p) => p.generatorId === info.generatorId);

    // The reference: the same graphs through the runner on the frame's scan as read from the sample's files.
    const [lidarId, ref] = Object.entries(frame.pointClouds)[0];
    const cloud = await decodeFrameCloud(readFileSync(path.join(RESOURCES, 'sample', ref.path)), ref);
    const parsed = parsePillarCard(cardInput, card);
    const runner = await PillarRunner.open({ pfeFile: pfe, rpnFile: rpn, card: parsed, workerFile: DEV_MODEL_WORKERS.pillar });
    const expected = pillarProposals((await runner.detect(cloud.points, 4)).detections, parsed, lidarId, cloud.points, 4);
    await runner.close();
    expect(expected.length).toBeGreaterThan(0);
    expect(made.map((p) => [p.classId, p.score, p.cuboid, p.pointCount, p.sensorId])).toEqual(expected.map((p) => [p.classId, p.score, p.cuboid, p.pointCount, null]));
    expect(made[0].provenance).toMatchObject({ generator: 'pillars', model: { name: 'test pillars', sha256: info.sha256 } });

    // Reopened, the registration keeps both graphs.
    expect((await call('models.list', {})).generators.find((g) => g.generatorId === info.generatorId)).toMatchObject({ kind: 'pillars', rpnFile: rpn });
    expect(await call('models.remove', { generatorId: info.generatorId })).toEqual({ removed: true });
  }, 120_000);

  it('a cancelled run ends as cancelled and leaves the frame\'s proposals as they were', async () => {
    const before = await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId });
    const finished = await runOnFrame('cluster-boxes', { cancel: true });
    expect(finished).toMatchObject({ status: 'cancelled', message: 'cluster-boxes on frame 1: cancelled' });
    expect(await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId })).toEqual(before);
  }, 60_000);

  it('refuses a card that is not one, and a model whose graph the card does not describe, naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bad-model-'));
    dirs.push(dir);
    const files = writeBoxDetector(dir, { x1: 10, y1: 10, x2: 50, y2: 50, width: 100, height: 100, score: 0.9 });
    const badCard = path.join(dir, 'bad.card.json');
    writeFileSync(badCard, '{"format": "cairn-model-card"');
    await expect(call('models.register', { modelFile: files.modelFile, cardFile: badCard })).rejects.toThrow(`models.register: ${badCard}: not JSON`);
    const wrongInput = path.join(dir, 'wrong.card.json');
    writeFileSync(wrongInput, JSON.stringify({ ...files.card, input: { ...files.card.input, width: 64 } }));
    await expect(call('models.register', { modelFile: files.modelFile, cardFile: wrongInput })).rejects.toThrow(`${files.modelFile}: input "images" is [1, 3, 32, 32], the card says [1, 3, 32, 64]`);
    await expect(call('models.run', { sceneId: manifest.sceneId, frameId: frame.frameId, generatorId: 'no-such-model' })).rejects.toThrow('models.run: no generator no-such-model');
  }, 60_000);

  it('announces proposals.changed when a run stores proposals and when a reject drops some (not for a reject of nothing), and lists the frames holding proposals', async () => {
    const other = manifest.frames[1];
    const sceneId = manifest.sceneId;
    const heard: Array<{ name: string; frameId?: string; status?: string }> = [];
    const off = services.events.subscribe((name, payload) => {
      if (name === 'proposals.changed') {
        expect(payload).toEqual({ sceneId, frameId: other.frameId });
        heard.push({ name, frameId: (payload as { frameId: string }).frameId });
      } else if (name === 'job.finished') heard.push({ name, status: (payload as { status: string }).status });
    });
    try {
      expect((await call('models.proposalFrames', { sceneId })).frameIds).not.toContain(other.frameId);
      expect(await runOnFrame('cluster-boxes', { frameId: other.frameId })).toMatchObject({ status: 'done' });
      // Announced before the job's end, so a client refreshing on job.finished finds the frame changed already.
      expect(heard).toEqual([{ name: 'proposals.changed', frameId: other.frameId }, { name: 'job.finished', status: 'done' }]);
      const listed = await call('models.proposalFrames', { sceneId });
      expect(listed.truncated).toBe(false);
      expect(listed.frameIds).toContain(other.frameId);
      expect(listed.frameIds).toEqual([...listed.frameIds].sort());

      const { proposals } = await call('models.proposals', { sceneId, frameId: other.frameId });
      expect(proposals.length).toBeGreaterThan(1);
      heard.length = 0;
      expect(await call('models.reject', { sceneId, frameId: other.frameId, proposalIds: [proposals[0].proposalId] })).toEqual({ rejected: 1 });
      expect(heard).toEqual([{ name: 'proposals.changed', frameId: other.frameId }]);
      // Rejecting what is gone already changes nothing, and says nothing.
      expect(await call('models.reject', { sceneId, frameId: other.frameId, proposalIds: [proposals[0].proposalId] })).toEqual({ rejected: 0 });
      expect(heard).toHaveLength(1);

      // Every proposal of the frame rejected: it no longer holds any.
      const rest = proposals.slice(1).map((p) => p.proposalId);
      expect(await call('models.reject', { sceneId, frameId: other.frameId, proposalIds: rest })).toEqual({ rejected: rest.length });
      expect(heard).toHaveLength(2);
      expect((await call('models.proposalFrames', { sceneId })).frameIds).not.toContain(other.frameId);
    } finally {
      off();
    }
  }, 60_000);

  it('models.proposalFrames names the frames holding proposals up to its limit, says when there were more, and refuses a scene the host does not know', async () => {
    const sceneId = manifest.sceneId;
    const store = services.workspace.proposals;
    const [model] = (await call('models.proposals', { sceneId, frameId: frame.frameId })).proposals;
    expect(model).toBeDefined();
    // Written straight into the workspace's table: frames the sample does not have, named in a known order.
    const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
    for (const frameId of ids) {
      store.replaceRun(sceneId, frameId, 'cluster-boxes', [0, 1].map(() => ({ ...model, proposalId: randomUUID(), frameId })));
    }
    expect(store.frames(sceneId, 2)).toEqual({ frameIds: ids.slice(0, 2), truncated: true });
    expect(store.frames(sceneId, 1000).frameIds).toEqual(expect.arrayContaining([...ids, frame.frameId]));
    expect(store.frames(sceneId, 1000).truncated).toBe(false);
    expect(store.frames(randomUUID(), 10)).toEqual({ frameIds: [], truncated: false });
    store.reject(sceneId, ids[0], store.frame(sceneId, ids[0]).map((p) => p.proposalId));
    expect(store.frames(sceneId, 1000).frameIds).not.toContain(ids[0]);
    for (const frameId of ids.slice(1)) store.reject(sceneId, frameId, store.frame(sceneId, frameId).map((p) => p.proposalId));
    const unknown = randomUUID();
    await expect(call('models.proposalFrames', { sceneId: unknown })).rejects.toMatchObject({ code: 'not-found', message: `no scene ${unknown} in this workspace` });
  }, 60_000);

  it('proposals outlive the host: reopened on the same workspace, the frame still has them, in order, and a rejection sticks', async () => {
    const before = (await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId })).proposals;
    expect(before.length).toBeGreaterThan(1);
    await call('models.reject', { sceneId: manifest.sceneId, frameId: frame.frameId, proposalIds: [before[0].proposalId] });
    services.close();
    services = createAppServices({ workspaceDir, resourcesDir: RESOURCES, shell: 'web', user: 'tester', version: '0.0.0' });
    const after = (await call('models.proposals', { sceneId: manifest.sceneId, frameId: frame.frameId })).proposals;
    expect(after).toEqual(before.slice(1));
  }, 60_000);
});
