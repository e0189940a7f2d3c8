import { randomUUID } from 'node:crypto';
import { runOneShotWorker } from '../../workers/runOneShotWorker';
import { computeAgreement, type AgreementInput, type AgreementOptions, type AgreementResult } from '../../../core/agreement';
import type { AnnotationRecord } from '../../../core/annotations/registry';
import { consensusChanges } from '../../../core/consensus/consensusChanges';
import type { ItemScore } from '../../../core/review';
import { replicasOfScene } from '../../agreement/storeReplicas';
import type { AgreementWorkerData, AgreementWorkerMessage } from '../../workers/agreementWorker';
import type { JobContext, JobRunner } from '../jobs/jobRunner';
import type { SyncEngine } from '../sync/syncEngine';

export interface AgreementServiceDeps {
  readonly sync: SyncEngine;
  readonly jobs: JobRunner;
  /** The scene's frames in timeline order (from its manifest). */
  readonly frameOrder: (sceneId: string) => readonly string[];
  readonly ontologyVersion: () => number;
  /** The built worker script (out/main/agreementWorker.js) or a dev loader in tests; absent: computed on this thread. */
  readonly workerFile?: string;
}

interface Computed {
  readonly result: AgreementResult;
  readonly notes: string[];
  readonly keys: Readonly<Record<string, readonly string[]>>;
  readonly computedAt: number;
}

/**
 * A scene's agreement over the blind replicas the workspace holds, computed as a job in a worker
 * (progress, cancel), kept per scene for the panel, and its consensus written back as a revision.
 */
export class AgreementService {
  private readonly computed = new Map<string, Computed>();

  constructor(private readonly deps: AgreementServiceDeps) {}

  start(sceneId: string, options: AgreementOptions): string {
    const frameOrder = this.deps.frameOrder(sceneId);
    // Read now, on the host's thread (the workspace is not shared with the worker), so a failure is the call's.
    const { input, notes, keys } = replicasOfScene(this.deps.sync, sceneId, frameOrder);
    return this.deps.jobs.start(`Agreement of ${input.annotators.length} annotators over ${frameOrder.length} frames`, async (ctx) => {
      const result = await this.compute(input, options, ctx);
      this.computed.set(sceneId, { result, notes, keys, computedAt: Date.now() });
      const f1 = result.pairs.map((p) => p.overall.f1).filter((x): x is number => x !== null);
      const mean = f1.length ? f1.reduce((a, b) => a + b, 0) / f1.length : null;
      return { message: `Agreement computed: mean pairwise F1 ${mean === null ? '–' : mean.toFixed(3)}, ${result.needsReview.length} objects to review` };
    });
  }

  result(sceneId: string): { result: AgreementResult | null; computedAt: number | null; notes: string[] } {
    const c = this.computed.get(sceneId);
    return { result: c?.result ?? null, computedAt: c?.computedAt ?? null, notes: c?.notes ?? [] };
  }

  /**
   * What the last computations measured, as the review queue takes it: each frame's F1 over every
   * pair of replicas, on the frame of every annotator who wrote one of them (worst agreement first);
   * and each box of an object without a quorum (left out of the consensus) as an item of its own,
   * scored 0, so the queue puts it before every measured frame and the reviewer decides it.
   */
  scores(): ItemScore[] {
    const out: ItemScore[] = [];
    for (const [sceneId, c] of this.computed) {
      c.result.perFrame.forEach((f, frame) => {
        if (f.f1 === null) return;
        for (const name of c.result.annotators) for (const annotator of c.keys[name] ?? []) out.push({ sceneId, frame, annotator, agreement: f.f1 });
      });
      const frameIndex = new Map(c.result.perFrame.map((f, i) => [f.frameId, i]));
      for (const item of c.result.needsReview) {
        const frame = frameIndex.get(item.frameId);
        if (frame === undefined) continue;
        for (const { annotator: name, box } of item.members) {
          for (const annotator of c.keys[name] ?? []) out.push({ sceneId, frame, annotator, objectId: box.objectId, classId: box.classId, agreement: 0 });
        }
      }
    }
    return out;
  }

  async consensus(sceneId: string): Promise<{ changes: number; needsReview: number; status: Awaited<ReturnType<SyncEngine['publishConsensus']>> }> {
    const c = this.computed.get(sceneId);
    if (!c) throw new Error(`scene ${sceneId}: compute the agreement first; the consensus is built from its result`);
    const merger = this.deps.sync.merger(sceneId);
    const boxFrames = new Map<string, string>();
    for (const lane of merger.laneNames()) for (const r of merger.state({ lane }).records.values()) if (r.kind === 'cuboid') boxFrames.set(r.objectId, r.cuboid.frame);
    let changes = 0;
    const status = await this.deps.sync.publishConsensus(sceneId, (shared, author, at) => {
      const list = consensusChanges(c.result.consensus, shared.records as ReadonlyMap<string, AnnotationRecord>, {
        sceneId,
        ontologyVersion: this.deps.ontologyVersion(),
        author,
        at,
        boxFrame: (objectId) => boxFrames.get(objectId),
      });
      changes = list.length;
      return { opId: randomUUID(), sceneId, author, at, label: `Consensus of ${c.result.annotators.length} replicas`, changes: list };
    });
    return { changes, needsReview: c.result.needsReview.length, status };
  }

  private async compute(input: AgreementInput, options: AgreementOptions, ctx: JobContext): Promise<AgreementResult> {
    if (ctx.signal.aborted) throw new Error('cancelled');
    if (!this.deps.workerFile) return computeAgreement(input, options, { onProgress: (p) => ctx.progress('matching', p.done, p.total), signal: ctx.signal });
    const data: AgreementWorkerData = { input, options };
    const answer = await runOneShotWorker<Extract<AgreementWorkerMessage, { readonly type: 'done' }>, { readonly done: number; readonly total: number }>(this.deps.workerFile, data, {
      name: 'agreement',
      signal: ctx.signal,
      onProgress: (p) => ctx.progress('matching', p.done, p.total),
    });
    return answer.result;
  }
}
