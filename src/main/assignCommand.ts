import type { AssignedFrames } from '../core/review';
import { parseCommandArgs, type Writer } from './commandArgs';
import { signingKeyArgument, SIGNING_HELP, SIGNING_OPTIONS, UsageError, uuidArgument, withStore, writeJson } from './reviewCommandShared';
import { assignWork, keyName } from './services/review/reviewActions';

export const ASSIGN_HELP = `  cairn assign <store> --scene ID (--frames LIST | --sequence N) --annotators WHO,... [--overlap RATE]
               [--replicas K] [--supersedes ADDRESS,...] [--message TEXT] [--key FILE] [-o FILE]
      Assign frames of a scene to annotators, as a lead (an admin key): a signed assignment in
      the store. A fraction RATE of the frames (drawn seeded by the assignment's id, so anyone
      recomputes the same split) goes to K annotators blind to each other, each in their own lane;
      every other frame to one annotator, in contiguous runs, loads even. Prints the assignment
      and each annotator's frames as JSON; progress on stderr.
      --frames LIST        frame indices and inclusive ranges: 0-99 or 0-9,20,30-39
      --sequence N         the whole sequence of N frames (0 … N-1)
      --annotators WHO     key ids, unique prefixes of them, or registered names, comma-separated
      --overlap RATE       the fraction of frames labelled by several annotators (0 … 1; default 0)
      --replicas K         how many annotators label each overlap frame (default 2)
      --supersedes ADDR    earlier assignments this replaces (their frames leave the queues)
${SIGNING_HELP}`;

/** `--frames 0-9,20,30-39` as the assignment holds it: a list when it names single frames only. */
export function parseFrameList(spec: string): AssignedFrames {
  const parts = spec.split(',').map((p) => p.trim());
  const ranges = parts.map((p) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) throw new UsageError(`--frames takes indices and ranges such as 0-99 or 0-9,20,30-39; "${p}" is neither`);
    const [first, last] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (first > last) throw new UsageError(`--frames: the range ${p} runs backwards`);
    return { first, last };
  });
  return ranges.every((r) => r.first === r.last) ? { kind: 'list', frames: ranges.map((r) => r.first) } : { kind: 'ranges', ranges };
}

/** `cairn assign`: returns the exit status. */
export async function runAssign(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'assign',
    ASSIGN_HELP,
    args,
    {
      scene: { type: 'string' },
      frames: { type: 'string' },
      sequence: { type: 'string' },
      annotators: { type: 'string' },
      overlap: { type: 'string' },
      replicas: { type: 'string' },
      supersedes: { type: 'string' },
      message: { type: 'string' },
      ...SIGNING_OPTIONS,
    },
    err,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  return withStore(
    'assign',
    parsed,
    err,
    () => {
      const sceneId = uuidArgument(values.scene, 'scene', "the scene's id");
      if ((values.frames === undefined) === (values.sequence === undefined)) throw new UsageError('give the frames with --frames LIST or the whole sequence with --sequence N');
      if (values.sequence !== undefined && !/^[1-9]\d*$/.test(values.sequence)) throw new UsageError(`--sequence takes the number of frames, got "${values.sequence}"`);
      const frames: AssignedFrames = values.frames !== undefined ? parseFrameList(values.frames) : { kind: 'sequence', frameCount: Number(values.sequence) };
      if (!values.annotators) throw new UsageError('name the annotators with --annotators WHO,...');
      const rate = values.overlap === undefined ? 0 : Number(values.overlap);
      if (!(rate >= 0 && rate <= 1)) throw new UsageError(`--overlap takes a fraction from 0 to 1 (0.1 for 10 %), got "${values.overlap}"`);
      const replicas = values.replicas === undefined ? 2 : Number(values.replicas);
      if (!Number.isInteger(replicas) || replicas < 1) throw new UsageError(`--replicas takes a whole number of annotators, got "${values.replicas}"`);
      const supersedes = values.supersedes ? values.supersedes.split(',').map((a) => a.trim()) : [];
      const bad = supersedes.find((a) => !/^[0-9a-f]{64}$/.test(a));
      if (bad !== undefined) throw new UsageError(`--supersedes takes assignment addresses (64 lowercase hex digits), got "${bad}"`);
      return { sceneId, frames, annotators: values.annotators, overlap: { rate, replicas }, supersedes };
    },
    async (store, { sceneId, frames, annotators, overlap, supersedes }) => {
      const lead = signingKeyArgument(values);
      const { written, assignment, split, registry } = await assignWork(store, lead, { sceneId, frames, annotators: annotators.split(','), overlap, supersedes, message: values.message });
      const frameCount = new Set(split.annotators.flatMap((s) => s.frames.map((f) => f.frame))).size;
      err.write(
        `assigned ${frameCount} frame(s) of scene ${sceneId} to ${split.annotators.length} annotator(s), ${split.overlapFrames.length} of them to ${overlap.rate > 0 ? overlap.replicas : 1} each; wrote ${written.path}\n`,
      );
      const shares = split.annotators.map((s) => ({ keyId: s.keyId, name: keyName(registry, s.keyId), lane: s.lane, frames: s.frames.map((f) => f.frame), overlapFrames: s.frames.filter((f) => f.overlap).map((f) => f.frame) }));
      await writeJson({ address: written.address, path: written.path, assignment: { ...assignment, author: { keyId: lead.keyId } }, overlapFrames: split.overlapFrames, annotators: shares }, values.output, out, err);
      return 0;
    },
  );
}
