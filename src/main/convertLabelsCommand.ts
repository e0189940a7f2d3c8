import path from 'node:path';
import { combineManifests } from '../core/labels/conversionManifest';
import type { KittiObjectCalib } from '../core/camera';
import { parseCommandArgs, type Writer } from './commandArgs';
import { readCalibFile, readLabels, SOURCE_FORMATS, TARGET_FORMATS, writeLabels, writeManifest, type SourceFormat, type TargetFormat } from './convertLabelsCommandIo';

export const CONVERT_LABELS_HELP = `  cairn convert-labels <kitti|kitti-tracking|nuscenes|openlabel> <dataset or file> <openlabel|kitti|nuscenes> -o <dir> [--calib FILE] [--tracking]
      Convert labels between open formats without a workspace, for pipelines. Labels and their
      calibration are read from the dataset's own layout (KITTI label_2/ + calib/, label_02/ +
      calib/, a nuScenes table folder) or one file (an OpenLABEL JSON, a KITTI label file).
      Writes the output, manifest.json (what the target cannot hold, per field, with counts and
      examples) and manifest.html beside it, and a JSON summary on stdout. Exit status 0 on
      success, 1 when an input cannot be read (the message names the file), 2 on usage errors.
      --calib FILE  a KITTI calibration for KITTI output whose source carries none
      --tracking    KITTI tracking layout (label_02/) for KITTI output (the default from kitti-tracking)
`;

export interface ConvertLabelsSummary {
  readonly from: SourceFormat;
  readonly to: TargetFormat;
  readonly source: string;
  readonly output: string;
  readonly scenes: number;
  readonly read: number;
  readonly written: number;
  readonly lost: readonly { readonly field: string; readonly count: number }[];
  readonly manifest: string;
  readonly report: string;
  readonly files: readonly string[];
}

/** `cairn convert-labels`: returns the exit status. */
export async function runConvertLabels(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('convert-labels', CONVERT_LABELS_HELP, args, { output: { type: 'string', short: 'o' }, calib: { type: 'string' }, tracking: { type: 'boolean' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 3) return usage('give the source format, the dataset or file, and the target format');
  const [from, source, to] = positionals;
  if (!(SOURCE_FORMATS as readonly string[]).includes(from)) return usage(`unknown source format "${from}"; one of ${SOURCE_FORMATS.join(', ')}`);
  if (!(TARGET_FORMATS as readonly string[]).includes(to)) return usage(`unknown target format "${to}"; one of ${TARGET_FORMATS.join(', ')}`);
  if (!values.output) return usage('give the output folder with -o <dir>');
  const progress = (line: string) => err.write(`${line}\n`);
  try {
    let calib: KittiObjectCalib | undefined;
    if (values.calib) calib = readCalibFile(values.calib);
    const read = readLabels(from as SourceFormat, source, { now: Date.now() }, progress);
    const records = read.sets.reduce((n, s) => n + s.records.length, 0);
    progress(`converting ${records} labels in ${read.sets.length} scene${read.sets.length === 1 ? '' : 's'} to ${to}`);
    const written = await writeLabels(to as TargetFormat, read.sets, values.output, { calib, tracking: values.tracking ?? from === 'kitti-tracking' });
    const manifest = combineManifests(from, to, [...read.manifests, ...written.manifests], records, written.records);
    const files = await writeManifest(values.output, manifest);
    const summary: ConvertLabelsSummary = {
      from: from as SourceFormat,
      to: to as TargetFormat,
      source: path.resolve(source),
      output: path.resolve(values.output),
      scenes: read.sets.length,
      read: records,
      written: written.records,
      lost: manifest.lost.map((l) => ({ field: l.field, count: l.count })),
      manifest: files.json,
      report: files.html,
      files: written.files,
    };
    out.write(`${JSON.stringify(summary, null, 2)}\n`);
    progress(`${written.records} of ${records} labels written → ${values.output} (manifest: ${manifest.lost.length} kinds of field not held)`);
    return 0;
  } catch (e) {
    err.write(`cairn convert-labels: ${(e as Error).message}\n`);
    return 1;
  }
}
