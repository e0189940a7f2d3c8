import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { firstIssue } from '../core/revisions/signed';
import { STRATA, type ItemScore, type Sampling } from '../core/review';
import { parseCommandArgs, type Writer } from './commandArgs';
import { UsageError, withStore, writeJson } from './reviewCommandShared';
import { annotatorQueue, keyName, reviewerQueue } from './services/review/reviewActions';

export const QUEUE_HELP = `  cairn queue <store> (--annotator WHO | --review [--sample MODE] [--by WHAT] [--size N] [--seed TEXT]
              [--scores FILE]) [-o FILE]
      An annotator's queue: the frames of the assignments that stand given to WHO (a key id, a
      prefix of one, or a registered name) and not yet accepted; frames a reviewer rejected first,
      with the rejections and the comments pinned there. With --review, a reviewer's queue drawn
      from every assigned frame not judged yet:
      --sample MODE        random (seeded, the default), stratified (each annotator, class or scene
                           in turn) or worst (lowest agreement first)
      --by WHAT            for stratified: annotator (default), class or scene
      --size N             how many (default 20)
      --seed TEXT          the random draw's seed (default: the date, so a day's queue holds)
      --scores FILE        what the agreement module measured, per frame or per object:
                           [{"sceneId", "frame", "annotator", "agreement"?, "objectId"?, "classId"?}];
                           a frame with scored objects is reviewed object by object
      Only records that verify count; refused ones are listed on stderr. Prints JSON.
      -o, --output FILE    write the JSON there instead of stdout
`;

const scoresSchema = z.array(
  z.strictObject({ sceneId: z.string(), frame: z.int().min(0), annotator: z.string(), objectId: z.string().optional(), classId: z.string().optional(), agreement: z.number().optional() }),
);

async function readScores(file: string): Promise<ItemScore[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const parsed = scoresSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: not a list of {sceneId, frame, annotator, agreement, objectId, classId}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

function sampling(values: { sample?: string; by?: string; size?: string; seed?: string }): Sampling {
  const size = values.size === undefined ? 20 : Number(values.size);
  if (!Number.isInteger(size) || size < 0) throw new UsageError(`--size takes a whole number, got "${values.size}"`);
  const seed = values.seed ?? new Date().toISOString().slice(0, 10);
  const mode = values.sample ?? 'random';
  if (mode === 'random') return { mode, size, seed };
  if (mode === 'worst') return { mode: 'worst-agreement', size };
  if (mode !== 'stratified') throw new UsageError(`--sample takes random, stratified or worst, got "${mode}"`);
  const by = values.by ?? 'annotator';
  if (!(STRATA as readonly string[]).includes(by)) throw new UsageError(`--by takes ${STRATA.join(', ')}, got "${by}"`);
  return { mode, by: by as (typeof STRATA)[number], size, seed };
}

/** `cairn queue`: returns the exit status. */
export async function runQueue(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'queue',
    QUEUE_HELP,
    args,
    {
      annotator: { type: 'string' },
      review: { type: 'boolean' },
      sample: { type: 'string' },
      by: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      scores: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    err,
  );
  if (!parsed) return 2;
  const { values } = parsed;
  return withStore(
    'queue',
    parsed,
    err,
    () => {
      if ((values.annotator === undefined) === !values.review) throw new UsageError('give --annotator WHO for an annotator’s queue, or --review for a reviewer’s');
      return values.review ? sampling(values) : null;
    },
    async (store, draw) => {
      const scores = draw && values.scores ? await readScores(values.scores) : [];
      const result = draw ? await reviewerQueue(store, draw, scores) : await annotatorQueue(store, values.annotator!);
      const { records } = result;
      const refused = records.findings.filter((f) => f.status !== 'ok');
      for (const f of refused) err.write(`refused ${f.path}: ${f.status}: ${f.message}\n`);
      err.write(`${records.assignments.length} assignment(s), ${records.reviews.length} verdict(s), ${records.comments.length} comment(s) in ${store.label}${refused.length ? `; ${refused.length} refused` : ''}\n`);
      if ('candidates' in result) {
        err.write(`${result.items.length} of ${result.candidates} item(s) to review\n`);
        await writeJson({ sampling: draw, items: result.items.map((c) => ({ ...c, annotatorName: keyName(records.registry, c.annotator) })) }, values.output, out, err);
        return 0;
      }
      const { keyId, items } = result;
      err.write(`${items.length} frame(s) in ${keyName(records.registry, keyId) ?? keyId}'s queue, ${items.filter((i) => i.status === 'rework').length} to rework\n`);
      await writeJson({ annotator: { keyId, name: keyName(records.registry, keyId) }, items }, values.output, out, err);
      return 0;
    },
  );
}
