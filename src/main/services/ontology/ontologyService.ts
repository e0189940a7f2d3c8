import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Operation } from '../../../core/editor/changes';
import { parseJson } from '../../../core/io/parseJson';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { migrateChain, migrationProblems, type FlaggedRecord, type MigrationProblem } from '../../../core/ontology/migration';
import { parseOntology, type Ontology } from '../../../core/ontology/schema';
import type { Migration } from '../../../core/ontology/steps';
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
 * seeded with the shipped default (its version 1). Publishing a version migrates every annotation
 * of the workspace to it through the annotation store's own apply, in the same transaction that
 * stores the version, so the log holds the migration and a failure leaves both as they were.
 */
export class OntologyService {
  private cache: StoredOntologyVersion[] | null = null;

  constructor(
    private readonly store: OntologyStore,
    private readonly annotations: AnnotationRepository,
    private readonly seed: Ontology,
    private readonly now: () => number = Date.now,
  ) {}

  get ontologyId(): string {
    return this.seed.ontologyId;
  }

  versions(): StoredOntologyVersion[] {
    if (!this.cache) {
      let stored = this.store.versions(this.seed.ontologyId);
      if (stored.length === 0) {
        this.store.insert({ ontology: this.seed, migration: null }, this.now());
        stored = this.store.versions(this.seed.ontologyId);
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
