import { promises as fs } from 'node:fs';
import { parseCommandArgs } from '../commandArgs';
import path from 'node:path';
import { DatasetRootError } from '../../core/importers/datasetFiles';
import { defaultWorkspaceDir } from '../appPaths';
import { addAllowedRoot } from '../services/access/allowedRootsFile';
import { IMPORT_FORMATS, type ImportFormat } from './importFormats';
import { ROBOTICS_IMPORT_FORMATS } from './robotics/roboticsImportFormats';
import { summarizeImport, writeImport } from './writeImport';

export const IMPORT_HELP = `  cairn import <${IMPORT_FORMATS.map((f) => f.name).join('|')}> <path> -o <dir> [--workspace DIR]
      Write Cairn scene manifests for a dataset: <dir>/dataset.json, <dir>/<scene>/scene.json
      (pointing at the dataset where it lies) and <dir>/import-report.json (problems, and what
      the format holds that Cairn does not). Exit status 0 when anything was imported, even
      with warnings; 1 when nothing could be. The workspace (default ~/.cairn/workspace, or
      $CAIRN_WORKSPACE) remembers that Cairn may read the dataset folder.
      Robotics logs (mcap, rosbag, rosbag2) take a file or a folder, write each sweep (PCD) and
      matched image into <dir>/<scene>/, and take [--lidar TOPIC[,TOPIC…]] (the first drives the
      frames) [--cameras TOPIC,…] [--rate HZ]; --list prints the log's topics and writes nothing;
      --in-place writes only the manifests, which name the log and each message in it (read
      through the log's index when viewed, as Open… does).
${IMPORT_FORMATS.map((f) => `      ${f.name.padEnd(15)} ${f.layout}`).join('\n')}
`;

/** `cairn import`: returns the exit status. */
export async function runImport(args: string[], err: { write(text: string): unknown } = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('import', IMPORT_HELP, args, {
    output: { type: 'string', short: 'o' },
    workspace: { type: 'string' },
    lidar: { type: 'string' },
    cameras: { type: 'string' },
    rate: { type: 'string' },
    list: { type: 'boolean' },
    'in-place': { type: 'boolean' },
  }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  const [formatName, input, ...extra] = positionals;
  if (!formatName) return usage('name the format and the dataset path');
  const format = IMPORT_FORMATS.find((f) => f.name === formatName);
  if (!format) return usage(`unknown format "${formatName}"; one of ${IMPORT_FORMATS.map((f) => f.name).join(', ')}`);
  if (!input) return usage('give the dataset path');
  if (extra.length) return usage(`one dataset path at a time (also got ${extra.join(' ')})`);
  const logOptions = values.lidar !== undefined || values.cameras !== undefined || values.rate !== undefined || values.list || values['in-place'];
  if (logOptions && !ROBOTICS_IMPORT_FORMATS.includes(format)) return usage(`--lidar, --cameras, --rate, --list and --in-place are for robotics logs, not ${format.name}`);
  const inPlace = values['in-place'] === true;
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate > 0)) return usage(`--rate takes frames a second (a positive number), not "${values.rate}"`);
  if (!values.output && !values.list) return usage('give the output folder with -o <dir>');

  // A log may also lie behind HTTP(S) or in a bucket; it is read there by range requests.
  const remote = format.acceptsFile && /^(https?|s3):\/\//i.test(input);
  const root = remote ? input : path.resolve(input);
  try {
    if (!remote && !(await fs.stat(root)).isDirectory() && !format.acceptsFile) throw new Error('not a folder');
  } catch (e) {
    err.write(`cairn import: ${root}: cannot read the dataset folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 1;
  }
  if (values.list) return listDataset(format, root, err);
  const outDir = path.resolve(values.output!);
  const topics = (list?: string) => list?.split(',').map((t) => t.trim()).filter(Boolean);
  try {
    const result = await format.run(root, { outDir, lidar: topics(values.lidar), cameras: topics(values.cameras), rate, inPlace, progress: (line) => err.write(`${line}\n`) });
    const written = await writeImport(result, root, outDir);
    err.write(summarizeImport(result.report, outDir));
    if (result.scenes.length === 0) {
      err.write(`cairn import: nothing could be imported from ${root}; see ${written.report}\n`);
      return 1;
    }
    // The manifests name the dataset as their dataRoot (a log's extracted data: the output
    // folder); a manifest cannot allow that itself.
    const workspaceDir = path.resolve(values.workspace ?? defaultWorkspaceDir());
    // A log read in place is read where it lies.
    const readable = format.acceptsFile && !inPlace ? outDir : root;
    addAllowedRoot(workspaceDir, readable, `cairn import ${format.name}`);
    err.write(`Cairn may read ${readable} from the workspace ${workspaceDir}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn import: ${e instanceof DatasetRootError ? e.message : `${root}: ${(e as Error).message}`}\n`);
    return 1;
  }
}

async function listDataset(format: ImportFormat, root: string, err: { write(text: string): unknown }): Promise<number> {
  try {
    process.stdout.write(await format.list!(root));
    return 0;
  } catch (e) {
    err.write(`cairn import: ${e instanceof DatasetRootError ? e.message : `${root}: ${(e as Error).message}`}\n`);
    return 1;
  }
}
