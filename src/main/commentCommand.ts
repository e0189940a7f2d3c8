import type { CommentPin } from '../core/review';
import { parseCommandArgs, type Writer } from './commandArgs';
import { frameArgument, signingKeyArgument, SIGNING_HELP, SIGNING_OPTIONS, UsageError, uuidArgument, withStore, writeJson } from './reviewCommandShared';
import { addComment, keyName } from './services/review/reviewActions';

export const COMMENT_HELP = `  cairn comment <store> --scene ID (--object ID [--frame N] | --frame N [--point X,Y,Z [--space NAME]])
                --text TEXT [--annotator WHO] [--reply ADDRESS] [--resolve ADDRESS] [--review ADDRESS]
                [--key FILE] [-o FILE]
      Comment, with any registered key: pinned to an object, to a 3D point of a frame (in SPACE:
      world, ego or a sensor; default world) or to a whole frame. --reply answers a comment,
      --resolve closes the thread that starts at ADDRESS, --review ties it to a verdict,
      --annotator says whose work it is about. Prints the comment as JSON.
${SIGNING_HELP}`;

const HEX64 = /^[0-9a-f]{64}$/;

function pinOf(values: { object?: string; frame?: string; point?: string; space?: string }): CommentPin {
  const frame = values.frame === undefined ? undefined : frameArgument(values.frame);
  if (values.object !== undefined) {
    const objectId = uuidArgument(values.object, 'object', "the object's id");
    if (values.point !== undefined) throw new UsageError('pin a comment to an object or to a point, not both');
    return frame === undefined ? { kind: 'object', objectId } : { kind: 'object', objectId, frame };
  }
  if (frame === undefined) throw new UsageError('pin the comment with --object ID or --frame N');
  if (values.point === undefined) return { kind: 'frame', frame };
  const xyz = values.point.split(',').map((v) => Number(v.trim()));
  if (xyz.length !== 3 || xyz.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e7)) throw new UsageError(`--point takes X,Y,Z in metres, got "${values.point}"`);
  return { kind: 'point', frame, point: [xyz[0], xyz[1], xyz[2]], space: values.space ?? 'world' };
}

/** `cairn comment`: returns the exit status. */
export async function runComment(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'comment',
    COMMENT_HELP,
    args,
    {
      scene: { type: 'string' },
      object: { type: 'string' },
      frame: { type: 'string' },
      point: { type: 'string' },
      space: { type: 'string' },
      text: { type: 'string' },
      annotator: { type: 'string' },
      reply: { type: 'string' },
      resolve: { type: 'string' },
      review: { type: 'string' },
      ...SIGNING_OPTIONS,
    },
    err,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  return withStore(
    'comment',
    parsed,
    err,
    () => {
      const sceneId = uuidArgument(values.scene, 'scene', "the scene's id");
      const pin = pinOf(values);
      if (!values.text?.trim() && values.resolve === undefined) throw new UsageError('say something with --text TEXT (only --resolve may go without)');
      for (const option of ['reply', 'resolve', 'review'] as const) {
        if (values[option] !== undefined && !HEX64.test(values[option])) throw new UsageError(`--${option} takes a record's address (64 lowercase hex digits), got "${values[option]}"`);
      }
      return { sceneId, pin };
    },
    async (store, { sceneId, pin }) => {
      const author = signingKeyArgument(values);
      const { written, comment, registry } = await addComment(store, author, {
        sceneId,
        pin,
        ...(values.annotator === undefined ? {} : { annotator: values.annotator }),
        ...(values.review ? { review: values.review } : {}),
        ...(values.reply ? { parent: values.reply } : {}),
        ...(values.resolve ? { resolves: values.resolve } : {}),
        text: values.text ?? '',
      });
      err.write(`${keyName(registry, author.keyId)} commented on ${pin.kind === 'object' ? `object ${pin.objectId}` : `frame ${pin.frame}`}; wrote ${written.path}\n`);
      await writeJson({ address: written.address, path: written.path, comment: { ...comment, author: { keyId: author.keyId } } }, values.output, out, err);
      return 0;
    },
  );
}
