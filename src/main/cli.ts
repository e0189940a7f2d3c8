import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, assertBuilt, currentUser, defaultWorkspaceDir, rendererDir, resourcesDir } from './appPaths';
import { CONVERT_HELP, runConvert } from './convertCommand';
import { CONVERT_LABELS_HELP, runConvertLabels } from './convertLabelsCommand';
import { EXPORT_HELP, runExport } from './exportCommand';
import { IMPORT_LABELS_HELP, runImportLabels } from './importLabelsCommand';
import { FIT_HELP, runFit } from './fitCommand';
import { IMPORT_HELP, runImport } from './import/importCommand';
import { REPORT_HELP, runReport } from './reportCommand';
import { VERIFY_HELP, runVerify } from './verifyCommand';
import { SYNC_HELP, runSync } from './syncCommand';
import { LOG_HELP, runLog } from './logCommand';
import { DIFF_HELP, runDiff } from './diffCommand';
import { ASSIGN_HELP, runAssign } from './assignCommand';
import { QUEUE_HELP, runQueue } from './queueCommand';
import { REVIEW_HELP, runReview } from './reviewCommand';
import { COMMENT_HELP, runComment } from './commentCommand';
import { AGREEMENT_HELP, runAgreement } from './agreementCommand';
import { ASSIST_HELP, runAssist } from './assistCommand';
import { createOctreeBuilds } from './services/pointclouds/octreeBuilds';
import { createAppServices } from './services/appServices';
import { addAllowedRoot } from './services/access/allowedRootsFile';
import { startWebHost } from './webhost/server';

const HELP = `cairn — label and review 3D scenes

Usage:
  cairn serve [--port N] [--workspace DIR] [--open LOCATION ...] [--allow LOCATION ...] [--reviewer] [--no-open]
      Start the web host on 127.0.0.1 and print the URL to open (it carries a per-launch token).
      --open LOCATION  open this first: a scene.json, a dataset.json (from cairn import) or a
                       folder holding one, or a point cloud (LAS/LAZ/COPC/PCD/PLY/bin, or an
                       octree folder); a path, an http(s) URL or an s3:// URL; repeatable
      --allow LOCATION let Cairn read this folder, URL prefix or s3:// prefix too (a dataset's
                       dataRoot outside what was opened); remembered in the workspace
      --reviewer       for a URL handed to others: serve only what --open named, read-only;
                       nothing else can be opened
      --port N         port to listen on (default: a free port)
      --workspace DIR  workspace folder holding workspace.sqlite (default: ~/.cairn/workspace,
                       or $CAIRN_WORKSPACE)
      --no-open        do not open a browser
${CONVERT_LABELS_HELP}${EXPORT_HELP}${IMPORT_LABELS_HELP}\
${CONVERT_HELP}${IMPORT_HELP}${REPORT_HELP}${FIT_HELP}${VERIFY_HELP}${SYNC_HELP}${LOG_HELP}${DIFF_HELP}${AGREEMENT_HELP}\
${ASSIGN_HELP}${QUEUE_HELP}${REVIEW_HELP}${COMMENT_HELP}${ASSIST_HELP}  cairn --help         this text
  cairn --version      the version
`;

export async function main(argv: string[]): Promise<number> {
  const root = appRoot(__dirname);
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'convert') return runConvert(rest);
  if (command === 'import') return runImport(rest);
  if (command === 'report') return runReport(rest);
  if (command === 'fit') return runFit(rest);
  if (command === 'assist') return runAssist(rest);
  if (command === 'verify') return runVerify(rest);
  if (command === 'sync') return runSync(rest);
  if (command === 'agreement') return runAgreement(rest);
  if (command === 'log') return runLog(rest);
  if (command === 'diff') return runDiff(rest);
  if (command === 'assign') return runAssign(rest);
  if (command === 'queue') return runQueue(rest);
  if (command === 'review') return runReview(rest);
  if (command === 'comment') return runComment(rest);
  if (command === 'convert-labels') return runConvertLabels(rest);
  if (command === 'export') return runExport(rest);
  if (command === 'import-labels') return runImportLabels(rest);
  if (command !== 'serve') {
    process.stderr.write(`cairn: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }

  let values: { port?: string; workspace?: string; open?: string[]; allow?: string[]; reviewer?: boolean; 'no-open'?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        workspace: { type: 'string' },
        open: { type: 'string', multiple: true },
        allow: { type: 'string', multiple: true },
        reviewer: { type: 'boolean' },
        'no-open': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`cairn serve: ${(e as Error).message}\n`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`cairn serve: --port must be an integer from 0 to 65535, got "${values.port}"\n`);
    return 2;
  }

  const renderer = rendererDir(root);
  assertBuilt(renderer);
  const workspaceDir = path.resolve(values.workspace ?? defaultWorkspaceDir());
  const allow = (values.allow ?? []).map((l) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(l) ? l : path.resolve(l)));
  for (const location of allow) addAllowedRoot(workspaceDir, location, '--allow');
  if (values.reviewer && !values.open?.length) {
    process.stderr.write('cairn serve --reviewer: name what to serve with --open (a reviewer host opens nothing else)\n');
    return 2;
  }
  const services = createAppServices({
    mode: values.reviewer ? 'reviewer' : 'desktop',
    workspaceDir,
    resourcesDir: resourcesDir(root),
    shell: 'web',
    user: currentUser(),
    version,
    octreeBuilds: (jobs) =>
      createOctreeBuilds({ cacheDir: path.join(workspaceDir, 'cache', 'lod'), jobs, workerFile: path.join(__dirname, 'convertWorker.js') }),
    agreementWorker: path.join(__dirname, 'agreementWorker.js'),
  });
  for (const location of values.open ?? []) {
    try {
      const opened = await services.openAtStart(location);
      if (opened.kind === 'cloud') {
        const { cloud } = opened;
        process.stderr.write(`opened the point cloud ${cloud.name}${cloud.status === 'building' ? ' (building its octree in the background)' : ''}\n`);
      } else {
        process.stderr.write(`opened ${opened.scenes.map((s) => `"${s.name}" (${s.frameCount} frames)`).join(', ')}\n`);
        for (const problem of opened.problems) process.stderr.write(`  not opened: ${problem}\n`);
      }
    } catch (e) {
      services.close();
      process.stderr.write(`cairn serve: --open ${location}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const host = await startWebHost({ services, rendererDir: renderer, port });
  process.stderr.write(`Cairn ${version} web host${values.reviewer ? ' (reviewer mode: read-only, nothing else can be opened)' : ''}, workspace ${workspaceDir}; open:\n`);
  process.stdout.write(`${host.url}\n`);
  if (!values['no-open']) openBrowser(host.url);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  services.close();
  return 0;
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`(could not open a browser; open the URL above yourself)\n`));
    child.unref();
  } catch {
    process.stderr.write(`(could not open a browser; open the URL above yourself)\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cairn: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
