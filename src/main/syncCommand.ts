import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultWorkspaceDir } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { openSceneRawData, type SceneRawData } from './services/lineage/sceneRawData';
import { cliResourcesDir, openWorkspaceSync, workspaceS3Settings } from './syncCommandShared';

export const SYNC_HELP = `  cairn sync [--workspace DIR] [--store LOCATION] [--scene LOCATION]... [--create-store NAME] [--release MESSAGE] [--json FILE]
      Sync a workspace with its shared store once, as the app does in the background: pull and
      verify what others wrote, put this workspace's new edits into signed revisions, merge, push.
      Prints the status as JSON (state, ahead, behind, conflicts, refused objects); progress on
      stderr. Exit status 0 when synced, 1 when offline, not registered, or it failed, 2 on usage.
      --store LOCATION     join this store (a folder, s3://bucket/prefix or https://); remembered
      --scene LOCATION     a scene (folder, scene.json or dataset.json; local, s3:// or https://)
                           whose raw data the new revisions record as lineage, as the app records
                           it for the scenes it has open: each frame's raw file hashes and its
                           calibration version; repeatable. The sample scene is always known.
      --create-store NAME  make a Cairn store at the location, with this workspace's key as its
                           root admin named NAME
      --release MESSAGE    then publish a release (reviewers and admins): the next numbered,
                           signed snapshot of every scene's shared history; refused on a store
                           without conditional writes
      --json FILE          also write the status to FILE
`;

/** `cairn sync`: returns the exit status. */
export async function runSync(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('sync', SYNC_HELP, args, { workspace: { type: 'string' }, store: { type: 'string' }, scene: { type: 'string', multiple: true }, 'create-store': { type: 'string' }, release: { type: 'string' }, json: { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length) return usage(`unexpected argument "${positionals[0]}"`);
  let rawData: SceneRawData;
  try {
    const workspaceDir = path.resolve(values.workspace ?? defaultWorkspaceDir());
    ({ rawData } = await openSceneRawData({ resourcesDir: cliResourcesDir(), locations: values.scene ?? [], s3Settings: workspaceS3Settings(workspaceDir) }));
  } catch (e) {
    err.write(`cairn sync: ${(e as Error).message}\n`);
    return 1;
  }
  let opened;
  try {
    opened = openWorkspaceSync(values.workspace, err, true, rawData);
  } catch (e) {
    err.write(`cairn sync: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const { engine } = opened;
    let status = values.store ? await engine.connect(values.store) : engine.status();
    if (!status.location) {
      err.write('cairn sync: this workspace has no shared store yet: give one with --store LOCATION\n');
      return 1;
    }
    if (values['create-store'] !== undefined) {
      if (!values['create-store'].trim()) return usage('--create-store takes the admin’s name');
      if (status.state !== 'no-store') status = await engine.syncNow();
      status = await engine.createStore(values['create-store'].trim());
    } else if (!values.store) {
      status = await engine.syncNow();
    }
    let release = null;
    if (values.release !== undefined) {
      if (!values.release.trim()) return usage('--release takes a message');
      release = await engine.publishRelease(values.release.trim());
      status = engine.status();
      err.write(`published release ${release.number} (${release.address.slice(0, 12)}) of ${release.heads.length} head(s)\n`);
    }
    const text = `${JSON.stringify(release ? { ...status, release } : status, null, 1)}\n`;
    out.write(text);
    if (values.json) {
      await writeFile(values.json, text);
      err.write(`wrote ${values.json}\n`);
    }
    if (status.state !== 'idle') err.write(`cairn sync: ${status.message}\n`);
    return status.state === 'idle' ? 0 : 1;
  } catch (e) {
    err.write(`cairn sync: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}
