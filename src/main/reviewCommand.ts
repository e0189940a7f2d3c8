import { parseCommandArgs, type Writer } from './commandArgs';
import { frameArgument, signingKeyArgument, SIGNING_HELP, SIGNING_OPTIONS, UsageError, uuidArgument, withStore, writeJson } from './reviewCommandShared';
import { judgeWork, keyName } from './services/review/reviewActions';

export const REVIEW_HELP = `  cairn review <store> --scene ID --annotator WHO --frame N [--object ID] (--accept | --reject)
               [--reason TEXT] [--revision ADDRESS ...] [--key FILE] [-o FILE]
      Judge an annotator's work, as a reviewer or an admin: a signed verdict on a frame, or on one
      object in it (a rejection needs --reason). The assignment and lane are those of the
      assignment that gave WHO the frame; the revisions judged are WHO's head unless given.
      A rejected frame returns to the annotator's queue (cairn queue). Prints the verdict as JSON.
${SIGNING_HELP}`;

/** `cairn review`: returns the exit status. */
export async function runReview(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'review',
    REVIEW_HELP,
    args,
    {
      scene: { type: 'string' },
      annotator: { type: 'string' },
      frame: { type: 'string' },
      object: { type: 'string' },
      accept: { type: 'boolean' },
      reject: { type: 'boolean' },
      reason: { type: 'string' },
      revision: { type: 'string', multiple: true },
      ...SIGNING_OPTIONS,
    },
    err,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  return withStore(
    'review',
    parsed,
    err,
    () => {
      const sceneId = uuidArgument(values.scene, 'scene', "the scene's id");
      if (!values.annotator) throw new UsageError('say whose work is judged with --annotator WHO');
      if (values.frame === undefined) throw new UsageError('give the frame with --frame N');
      const frame = frameArgument(values.frame);
      const objectId = values.object === undefined ? undefined : uuidArgument(values.object, 'object', "the object's id");
      if (!values.accept === !values.reject) throw new UsageError('give one of --accept or --reject');
      if (values.reject && !values.reason?.trim()) throw new UsageError('a rejection needs --reason TEXT');
      const bad = values.revision?.find((r) => !/^[0-9a-f]{64}$/.test(r));
      if (bad !== undefined) throw new UsageError(`--revision takes a revision's address (64 lowercase hex digits), got "${bad}"`);
      return { sceneId, annotator: values.annotator, frame, objectId };
    },
    async (store, { sceneId, frame, objectId, annotator }) => {
      const reviewer = signingKeyArgument(values);
      const verdict = values.accept ? ('accept' as const) : ('reject' as const);
      const item = { frame, ...(objectId ? { objectId } : {}), verdict, reason: values.reason ?? '' };
      const { written, review, registry } = await judgeWork(store, reviewer, { sceneId, annotator, items: [item], ...(values.revision ? { revisions: values.revision } : {}) });
      const what = `${objectId ? `object ${objectId} in ` : ''}frame ${frame} of ${keyName(registry, review.annotator)}'s work`;
      err.write(`${verdict}ed ${what}${review.assignment ? ` (assignment ${review.assignment.slice(0, 12)})` : ' (no assignment gave it)'}; wrote ${written.path}\n`);
      await writeJson({ address: written.address, path: written.path, review: { ...review, author: { keyId: reviewer.keyId } } }, values.output, out, err);
      return 0;
    },
  );
}
