import { activeAssignments, splitAssignment } from '../core/review';
import { parseCommandArgs, type Writer } from './commandArgs';
import { frameArgument, keyName, resolveKey, signingKeyArgument, SIGNING_HELP, SIGNING_OPTIONS, UsageError, uuidArgument, withStore, writeJson } from './reviewCommandShared';
import { annotatorHeads, checkAuthor, readReviewRecords, writeReview } from './services/review/reviewStore';

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
    async (store, { sceneId, frame, objectId, ...args }) => {
      const reviewer = signingKeyArgument(values);
      const records = await readReviewRecords(store);
      const createdAt = Date.now();
      checkAuthor(store, records.registry, reviewer, 'reviews', createdAt);
      const annotator = resolveKey(records.registry, store.label, args.annotator);
      if (annotator === reviewer.keyId) throw new Error(`${store.label}: a verdict judges others' work; ${keyName(records.registry, annotator)}'s key may not judge its own`);
      // The latest assignment that stands and gave this annotator the frame.
      const given = activeAssignments(records.assignments)
        .filter((a) => a.body.sceneId === sceneId)
        .map((a) => ({ a, share: splitAssignment(a.body).annotators.find((s) => s.keyId === annotator && s.frames.some((f) => f.frame === frame)) }))
        .filter((x) => x.share)
        .pop();
      const revisions = values.revision ?? (await annotatorHeads(store, records.registry, annotator));
      const verdict = values.accept ? ('accept' as const) : ('reject' as const);
      const review = {
        sceneId,
        annotator,
        ...(given ? { assignment: given.a.address, lane: given.share!.lane } : {}),
        revisions,
        items: [{ frame, ...(objectId ? { objectId } : {}), verdict, reason: values.reason ?? '' }],
        createdAt,
      };
      const written = await writeReview(store, reviewer, review);
      const what = `${objectId ? `object ${objectId} in ` : ''}frame ${frame} of ${keyName(records.registry, annotator)}'s work`;
      err.write(`${verdict}ed ${what}${given ? ` (assignment ${given.a.address.slice(0, 12)})` : ' (no assignment gave it)'}; wrote ${written.path}\n`);
      await writeJson({ address: written.address, path: written.path, review: { ...review, author: { keyId: reviewer.keyId } } }, values.output, out, err);
      return 0;
    },
  );
}
