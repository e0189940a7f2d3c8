import { activeAssignments, splitAssignment } from '../core/review';
import { parseCommandArgs, type Writer } from './commandArgs';
import { commandError, frameArgument, keyName, openStoreArgument, resolveKey, signingKeyArgument, SIGNING_HELP, SIGNING_OPTIONS, UsageError, writeJson } from './reviewCommandShared';
import { annotatorHeads, checkAuthor, readReviewRecords, writeReview } from './services/review/reviewStore';

export const REVIEW_HELP = `  cairn review <store> --scene ID --annotator WHO --frame N [--object ID] (--accept | --reject)
               [--reason TEXT] [--revision ADDRESS ...] [--key FILE] [-o FILE]
      Judge an annotator's work, as a reviewer or an admin: a signed verdict on a frame, or on one
      object in it (a rejection needs --reason). The assignment and lane are those of the
      assignment that gave WHO the frame; the revisions judged are WHO's head unless given.
      A rejected frame returns to the annotator's queue (cairn queue). Prints the verdict as JSON.
${SIGNING_HELP}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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
  const { values, positionals, usage } = parsed;
  let frame: number;
  try {
    if (positionals.length !== 1) throw new UsageError('give exactly one store (a folder, s3:// or http(s):// location)');
    if (!values.scene || !UUID.test(values.scene)) throw new UsageError(`--scene takes the scene's id (a UUID)${values.scene ? `, got "${values.scene}"` : ''}`);
    if (!values.annotator) throw new UsageError('say whose work is judged with --annotator WHO');
    if (values.frame === undefined) throw new UsageError('give the frame with --frame N');
    frame = frameArgument(values.frame);
    if (values.object !== undefined && !UUID.test(values.object)) throw new UsageError(`--object takes the object's id (a UUID), got "${values.object}"`);
    if (!values.accept === !values.reject) throw new UsageError('give one of --accept or --reject');
    if (values.reject && !values.reason?.trim()) throw new UsageError('a rejection needs --reason TEXT');
    const bad = values.revision?.find((r) => !/^[0-9a-f]{64}$/.test(r));
    if (bad !== undefined) throw new UsageError(`--revision takes a revision's address (64 lowercase hex digits), got "${bad}"`);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  let store;
  try {
    store = openStoreArgument(positionals[0]);
  } catch (e) {
    return commandError('review', err, e);
  }
  try {
    const reviewer = signingKeyArgument(values);
    const records = await readReviewRecords(store);
    const createdAt = Date.now();
    checkAuthor(store, records.registry, reviewer, 'reviews', createdAt);
    const annotator = resolveKey(records.registry, store.label, values.annotator!);
    if (annotator === reviewer.keyId) throw new Error(`${store.label}: a verdict judges others' work; ${keyName(records.registry, annotator)}'s key may not judge its own`);
    // The latest assignment that stands and gave this annotator the frame.
    const given = activeAssignments(records.assignments)
      .filter((a) => a.body.sceneId === values.scene)
      .map((a) => ({ a, share: splitAssignment(a.body).annotators.find((s) => s.keyId === annotator && s.frames.some((f) => f.frame === frame)) }))
      .filter((x) => x.share)
      .pop();
    const revisions = values.revision ?? (await annotatorHeads(store, records.registry, annotator));
    const review = {
      sceneId: values.scene!,
      annotator,
      ...(given ? { assignment: given.a.address, lane: given.share!.lane } : {}),
      revisions,
      items: [{ frame, ...(values.object ? { objectId: values.object } : {}), verdict: values.accept ? ('accept' as const) : ('reject' as const), reason: values.reason ?? '' }],
      createdAt,
    };
    const written = await writeReview(store, reviewer, review);
    err.write(
      `${values.accept ? 'accepted' : 'rejected'} ${values.object ? `object ${values.object} in ` : ''}frame ${frame} of ${keyName(records.registry, annotator)}'s work${given ? ` (assignment ${given.a.address.slice(0, 12)})` : ' (no assignment gave it)'}; wrote ${written.path}\n`,
    );
    await writeJson({ address: written.address, path: written.path, review: { ...review, author: { keyId: reviewer.keyId } } }, values.output, out, err);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    return commandError('review', err, e);
  } finally {
    await store.close();
  }
}
