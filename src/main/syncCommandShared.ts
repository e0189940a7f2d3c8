import path from 'node:path';
import { appRoot, defaultWorkspaceDir, resourcesDir } from './appPaths';
import type { Writer } from './commandArgs';
import { loadShippedOntology, OntologyService } from './services/ontology/ontologyService';
import type { SceneRawData } from './services/lineage/sceneRawData';
import { createSyncEngine } from './services/sync/createSyncEngine';
import { FileSecretStore } from './services/secrets/fileSecretStore';
import { S3CredentialSettings } from './services/secrets/s3CredentialSettings';
import { openSharedStore } from './services/sharedStore/openSharedStore';
import type { SyncEngine } from './services/sync/syncEngine';
import { Workspace } from './services/workspace/workspace';

/** A workspace and its sync engine, opened the way `cairn sync`, `log` and `diff` share. */
export interface OpenedSync {
  readonly workspace: Workspace;
  readonly engine: SyncEngine;
  close(): Promise<void>;
}

/** The S3 settings `cairn serve` saved in a workspace (the desktop app keeps its own, encrypted, elsewhere). */
export const workspaceS3Settings = (workspaceDir: string) => new S3CredentialSettings(new FileSecretStore(path.join(workspaceDir, 'secrets.json')));

/** Where the CLI's resources are (the sample scene, the default ontology). */
export const cliResourcesDir = () => resourcesDir(appRoot(__dirname));

/** `rawData`: the lineage to record in the revisions this sync signs (`cairn sync --scene`); none when absent. */
export function openWorkspaceSync(workspaceDir: string | undefined, err: Writer, progress = false, rawData?: SceneRawData): OpenedSync {
  const workspace = Workspace.open(path.resolve(workspaceDir ?? defaultWorkspaceDir()));
  try {
    const ontologies = new OntologyService(workspace.ontologies, workspace.annotations, loadShippedOntology(path.join(cliResourcesDir(), 'ontology')));
    let last = '';
    const s3Settings = workspaceS3Settings(workspace.dir);
    const engine = createSyncEngine(workspace, {
      ontologyVersion: () => ontologies.current().version,
      rawData,
      open: (location) => openSharedStore(location, { s3Settings }),
      onStatus: (s) => {
        if (!progress) return;
        const line = s.progress ? `${s.progress.phase}: ${s.progress.done}${s.progress.total ? `/${s.progress.total}` : ''}` : s.message;
        if (line !== last) err.write(`${line}\n`);
        last = line;
      },
    });
    return {
      workspace,
      engine,
      close: async () => {
        await engine.close();
        workspace.close();
      },
    };
  } catch (e) {
    workspace.close();
    throw e;
  }
}

/** Text for an HTML page: nothing in it is markup. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained report page (inline CSS, no scripts or links). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2937; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; vertical-align: top; }
th { color: #6b7280; font-weight: 500; } code { font-size: 12px; } .conflicted { color: #b45309; } .bar { background: #60a5fa; height: 10px; }
</style></head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}
