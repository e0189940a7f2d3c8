import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { testCuboid } from '../../../core/editor/testEditor';
import { reviewQueue, withItemScores } from '../../../core/review';
import { openSigned, revisionBodySchema } from '../../../core/revisions';
import { EventBus } from '../eventBus';
import { JobRunner } from '../jobs/jobRunner';
import { blindScene, FRAME, SCENE, type BlindScene } from '../sync/testing/blindScene';
import { AgreementService } from './agreementService';

const WORKER = path.join(__dirname, '..', '..', 'testing', 'agreementWorker.dev.cjs');

let scene: BlindScene | undefined;
afterEach(async () => {
  await scene?.close();
  scene = undefined;
});

function service(s: BlindScene) {
  const events = new EventBus();
  const finished = new Map<string, EventPayload<'job.finished'>>();
  const progress: number[] = [];
  const waiters = new Map<string, (f: EventPayload<'job.finished'>) => void>();
  events.subscribe((name, payload) => {
    if (name === 'job.progress') progress.push((payload as EventPayload<'job.progress'>).done);
    if (name !== 'job.finished') return;
    const f = payload as EventPayload<'job.finished'>;
    finished.set(f.jobId, f);
    waiters.get(f.jobId)?.(f);
  });
  const agreement = new AgreementService({ sync: s.engines.lead, jobs: new JobRunner(events), frameOrder: () => [FRAME], ontologyVersion: () => 1, workerFile: WORKER });
  const done = (jobId: string) => new Promise<EventPayload<'job.finished'>>((resolve) => (finished.has(jobId) ? resolve(finished.get(jobId)!) : waiters.set(jobId, resolve)));
  return { agreement, done, progress };
}

describe('AgreementService', () => {
  it('computes agreement in a worker, then writes the consensus as a shared revision built on every replica', async () => {
    scene = await blindScene();
    const { agreement, done, progress } = service(scene);
    expect(agreement.result(SCENE).result).toBeNull();
    await expect(agreement.consensus(SCENE)).rejects.toThrow(/compute the agreement first/);

    const finished = await done(agreement.start(SCENE, { metric: 'centre', threshold: 1 }));
    expect(finished.status).toBe('done');
    expect(progress.at(-1)).toBe(1);
    const { result } = agreement.result(SCENE);
    expect(result!.annotators).toEqual(['anna', 'bert']);
    expect(result!.pairs[0].overall).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    // The review queue's scores: frame 0's F1 on each annotator's key.
    expect(agreement.scores()).toEqual([scene.anna, scene.bert].map((a) => ({ sceneId: SCENE, frame: 0, annotator: a.key.keyId, agreement: 1 })));

    const written = await agreement.consensus(SCENE);
    // The car, at the mean of 10 and 10.5; the truck every replica kept as it was is not written again.
    expect(written.changes).toBe(1);
    const { lead, anna } = scene;
    const boxes = lead.workspace.annotations.listScene(SCENE).map((r) => (r.kind === 'cuboid' ? `${r.classId}@${r.cuboid.center[0]}` : ''));
    expect(boxes.sort()).toEqual(['car@10.25', 'truck@40']);
    // The consensus names both replicas' heads (and the shared one) as parents; it is in no lane.
    const consensus = lead.workspace.sync
      .sceneRevisions(SCENE)
      .map((r) => revisionBodySchema.parse((openSigned(r.text) as { body: unknown }).body))
      .find((b) => b.message.startsWith('Consensus'))!;
    expect(consensus.lane).toBeUndefined();
    const laneHeads = ['anna-1', 'bert-1'].flatMap((lane) => scene!.engines.lead.merger(SCENE).state({ lane }).heads);
    for (const h of laneHeads) expect(consensus.parents).toContain(h);
    // Anna still sees only her own replica: the consensus is shared history, not her lane.
    await scene.engines.anna.syncNow();
    expect(anna.workspace.annotations.listScene(SCENE).map((r) => (r.kind === 'cuboid' ? r.cuboid.center[0] : 0)).sort((a, b) => a - b)).toEqual([10, 40]);
  });

  it('puts each box of an object without a quorum in the review queue as an item of its own, before the measured frames', async () => {
    scene = await blindScene();
    const { agreement, done } = service(scene);
    // Only Anna sees a pedestrian: one replica of two is no quorum, so it stays out of the consensus.
    const walker = scene.anna.editor.createCuboid({ frameId: FRAME, classId: 'pedestrian', cuboid: testCuboid(25, 3) });
    await scene.engines.anna.syncNow();
    await scene.engines.lead.syncNow();
    expect((await done(agreement.start(SCENE, { metric: 'centre', threshold: 1 }))).status).toBe('done');
    expect(agreement.result(SCENE).result!.needsReview.map((r) => r.members.map((m) => m.box.objectId))).toEqual([[walker.objectId]]);

    const scores = agreement.scores();
    expect(scores).toContainEqual({ sceneId: SCENE, frame: 0, annotator: scene.anna.key.keyId, objectId: walker.objectId, classId: 'pedestrian', agreement: 0 });
    const candidates = [scene.anna, scene.bert].map((a) => ({ sceneId: SCENE, frame: 0, annotator: a.key.keyId }));
    const queue = reviewQueue(withItemScores(candidates, scores), [], { mode: 'worst-agreement', size: 5 });
    // Anna's frame is reviewed through the object nobody else saw; Bert's frame keeps its F1 (2 of 3 matched: 0.8).
    expect(queue.map((c) => [c.annotator, c.objectId ?? null, c.agreement])).toEqual([
      [scene.anna.key.keyId, walker.objectId, 0],
      [scene.bert.key.keyId, null, 0.8],
    ]);
  });

  it('a job cancelled before it starts computes nothing and keeps no result', async () => {
    scene = await blindScene();
    const { agreement, done } = service(scene);
    const jobs = (agreement as unknown as { deps: { jobs: JobRunner } }).deps.jobs;
    const jobId = agreement.start(SCENE, {});
    expect(jobs.cancel(jobId)).toBe(true);
    expect((await done(jobId)).status).toBe('cancelled');
    expect(agreement.result(SCENE).result).toBeNull();
  });
});
