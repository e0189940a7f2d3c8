import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Operation } from '../../../core/editor/changes';
import { parseJson } from '../../../core/io/parseJson';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { migrateChain, migrationProblems, type FlaggedRecord, type MigrationProblem, type OntologyVersion } from '../../../core/ontology/migration';
import { parseOntology, type Ontology } from '../../../core/ontology/schema';
import { migrationSchema, type Migration } from '../../../core/ontology/steps';
import type { AnnotationRepository } from '../workspace/annotationRepository';
import type { OntologyStore, StoredOntologyVersion } from './ontologyStore';

/** Reads and validates an ontology file; the error names the file and the problem. */
export function loadOntology(file: string): Ontology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read ontology: ${(e as Error).message}`);
  }
  const json = parseJson(text);
  if (!json.ok) throw new Error(`${file}: the ontology ${json.problem}`);
  return parseOntology(json.value, file);
}

/** The history beside a shipped ontology: its earlier versions as a workspace stores them, and the migration to it. */
const historySchema = z.strictObject({
  $comment: z.string().optional(),
  versions: z.array(z.strictObject({ ontology: z.unknown(), migration: migrationSchema.nullable() })).min(1),
  migration: migrationSchema,
});

/**
 * The shipped ontology `<dir>/<name>.json` with the versions before it (`<name>.history.json`,
 * when there is one), oldest first, each with the migration that led to it. Every step of the
 * chain is checked as a publish would check it; an error names the file and the problem.
 */
export function loadShippedOntology(dir: string, name = 'default'): OntologyVersion[] {
  const current = loadOntology(path.join(dir, `${name}.json`));
  const file = path.join(dir, `${name}.history.json`);
  if (!existsSync(file)) return [{ ontology: current, migration: null }];
  const json = parseJson(readFileSync(file, 'utf8'));
  if (!json.ok) throw new Error(`${file}: the ontology history ${json.problem}`);
  const parsed = historySchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: invalid ontology history at ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message}`);
  }
  const chain: OntologyVersion[] = parsed.data.versions.map((v, k) => ({ ontology: parseOntology(v.ontology, `${file} versions.${k}.ontology`), migration: v.migration }));
  chain.push({ ontology: current, migration: parsed.data.migration });
  if (chain[0].migration !== null) throw new Error(`${file}: versions.0.migration: the first version has no migration to it`);
  for (let k = 1; k < chain.length; k++) {
    const problems = migrationProblems(chain[k - 1].ontology, chain[k].ontology, chain[k].migration!);
    if (problems.length > 0) throw new Error(`${file}: from version ${chain[k - 1].ontology.version} to ${chain[k].ontology.version}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  return chain;
}

/** A publish the ontology or its migration make impossible; `problems` name each field. */
export class InvalidPublishError extends Error {
  constructor(readonly problems: readonly MigrationProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'InvalidPublishError';
  }
}

export interface PublishRequest {
  readonly ontology: Ontology;
  readonly migration: Migration;
  /** Work out what would migrate and be flagged, and write nothing. */
  readonly dryRun?: boolean;
}

export interface PublishResult {
  readonly version: number;
  /** Records taken to the new version. */
  readonly migrated: number;
  readonly flagged: (FlaggedRecord & { readonly sceneId: string })[];
  /** The operations written to the log with their seq, one or more per scene (none on a dry run). */
  readonly operations: { readonly seq: number; readonly op: Operation }[];
}

/** The most changes one migration operation holds; a scene with more is migrated in several, in one transaction. */
export const MIGRATION_CHANGES_PER_OPERATION = 2000;

/**
 * The workspace's ontology: every version kept, the newest current. On first use the workspace is
 * seeded with the shipped default and the versions before it (loadShippedOntology), so records
 * made under an earlier one elsewhere have a path to follow; a workspace that already holds
 * versions keeps them, as a newer shipped default would migrate its records unasked. Publishing a version migrates every annotation
 * of the workspace to it through the annotation store's own apply, in the same transaction that
 * stores the version, so the log holds the migration and a failure leaves both as they were.
 */
export class OntologyService {
  private cache: StoredOntologyVersion[] | null = null;
  private readonly seed: readonly OntologyVersion[];

  constructor(
    private readonly store: OntologyStore,
    private readonly annotations: AnnotationRepository,
    /** The shipped ontology, or it with the versions before it, oldest first. */
    seed: Ontology | readonly OntologyVersion[],
    private readonly now: () => number = Date.now,
  ) {
    this.seed = 'ontologyId' in seed ? [{ ontology: seed, migration: null }] : seed;
  }

  get ontologyId(): string {
    return this.seed[0].ontology.ontologyId;
  }

  versions(): StoredOntologyVersion[] {
    if (!this.cache) {
      let stored = this.store.versions(this.ontologyId);
      if (stored.length === 0) {
        const at = this.now();
        this.store.transaction(() => {
          for (const version of this.seed) this.store.insert(version, at);
        });
        stored = this.store.versions(this.ontologyId);
      }
      this.cache = stored;
    }
    return this.cache;
  }

  current(): Ontology {
    return this.versions().at(-1)!.ontology;
  }

  get(version: number): Ontology | undefined {
    return this.versions().find((v) => v.ontology.version === version)?.ontology;
  }

  publish(request: PublishRequest, author: string): PublishResult {
    const from = this.current();
    const problems = migrationProblems(from, request.ontology, request.migration);
    if (problems.length > 0) throw new InvalidPublishError(problems);
    const at = this.now();
    const next = { ontology: request.ontology, migration: request.migration };
    const chain = [...this.versions(), next];

    const byScene = new Map<string, AnnotationRecord[]>();
    for (const sceneId of this.store.scenesWithAnnotations()) byScene.set(sceneId, this.annotations.listScene(sceneId));
    const flagged: PublishResult['flagged'] = [];
    const planned: Operation[] = [];
    let migrated = 0;
    const known = new Set(chain.map((v) => v.ontology.version));
    for (const [sceneId, all] of byScene) {
      // A record of a version this workspace never held (written by another build) has no path to
      // follow: it is left as it was and flagged, never guessed at.
      const records = all.filter((r) => known.has(r.ontologyVersion) && r.ontologyVersion < request.ontology.version);
      for (const r of all) {
        if (!known.has(r.ontologyVersion)) {
          flagged.push({ objectId: r.objectId, sceneId, reason: `made under ontology version ${r.ontologyVersion}, which this workspace does not hold; left as it was` });
        }
      }
      const result = migrateChain(records, chain, request.ontology.version, at);
      const sceneOf = new Map(records.map((r) => [r.objectId, r] as const));
      for (const f of result.flagged) flagged.push({ ...f, sceneId });
      const changes = result.records.map((after) => ({ objectId: after.objectId, before: sceneOf.get(after.objectId)!, after }));
      migrated += changes.length;
      for (let i = 0; i < changes.length; i += MIGRATION_CHANGES_PER_OPERATION) {
        planned.push({
          opId: randomUUID(),
          sceneId,
          author,
          at,
          label: `Migrate to ontology version ${request.ontology.version}`,
          changes: changes.slice(i, i + MIGRATION_CHANGES_PER_OPERATION),
        });
      }
    }
    if (request.dryRun) return { version: request.ontology.version, migrated, flagged, operations: [] };

    const operations = this.store.transaction(() => {
      this.store.insert(next, at);
      return planned.map((op) => ({ seq: this.annotations.apply(op).seq, op }));
    });
    this.cache = null;
    return { version: request.ontology.version, migrated, flagged, operations };
  }
}
