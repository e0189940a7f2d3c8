import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, assertBuilt, currentUser, defaultWorkspaceDir, rendererDir, resourcesDir } from './appPaths';

interface Command {
  help: string;
  run(args: string[]): Promise<number>;
}

/**
 * Each command's module is loaded only when it runs: loading all of them (the AWS SDK, SQLite, the
 * importers, onnxruntime) cost a `cairn verify` about a second of its one-core start before any work.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  'convert-labels': () => import('./convertLabelsCommand').then((m) => ({ help: m.CONVERT_LABELS_HELP, run: (a) => m.runConvertLabels(a) })),
  export: () => import('./exportCommand').then((m) => ({ help: m.EXPORT_HELP, run: (a) => m.runExport(a) })),
  'import-labels': () => import('./importLabelsCommand').then((m) => ({ help: m.IMPORT_LABELS_HELP, run: (a) => m.runImportLabels(a) })),
  convert: () => import('./convertCommand').then((m) => ({ help: m.CONVERT_HELP, run: (a) => m.runConvert(a) })),
  import: () => import('./import/importCommand').then((m) => ({ help: m.IMPORT_HELP, run: (a) => m.runImport(a) })),
  report: () => import('./reportCommand').then((m) => ({ help: m.REPORT_HELP, run: (a) => m.runReport(a) })),
  fit: () => import('./fitCommand').then((m) => ({ help: m.FIT_HELP, run: (a) => m.runFit(a) })),
  verify: () => import('./verifyCommand').then((m) => ({ help: m.VERIFY_HELP, run: (a) => m.runVerify(a) })),
  sync: () => import('./syncCommand').then((m) => ({ help: m.SYNC_HELP, run: (a) => m.runSync(a) })),
  log: () => import('./logCommand').then((m) => ({ help: m.LOG_HELP, run: (a) => m.runLog(a) })),
  diff: () => import('./diffCommand').then((m) => ({ help: m.DIFF_HELP, run: (a) => m.runDiff(a) })),
  agreement: () => import('./agreementCommand').then((m) => ({ help: m.AGREEMENT_HELP, run: (a) => m.runAgreement(a) })),
  assign: () => import('./assignCommand').then((m) => ({ help: m.ASSIGN_HELP, run: (a) => m.runAssign(a) })),
  queue: () => import('./queueCommand').then((m) => ({ help: m.QUEUE_HELP, run: (a) => m.runQueue(a) })),
  review: () => import('./reviewCommand').then((m) => ({ help: m.REVIEW_HELP, run: (a) => m.runReview(a) })),
  comment: () => import('./commentCommand').then((m) => ({ help: m.COMMENT_HELP, run: (a) => m.runComment(a) })),
  assist: () => import('./assistCommand').then((m) => ({ help: m.ASSIST_HELP, run: (a) => m.runAssist(a) })),
  evaluate: () => import('./evaluateCommand').then((m) => ({ help: m.EVALUATE_HELP, run: (a) => m.runEvaluate(a) })),
  lint: () => import('./lintCommand').then((m) => ({ help: m.LINT_HELP, run: (a) => m.runLint(a) })),
  'segment-labels': () => import('./segmentLabelsCommand').then((m) => ({ help: m.SEGMENT_LABELS_HELP, run: (a) => m.runSegmentLabels(a) })),
  scenario: () => import('./scenarioCommand').then((m) => ({ help: m.SCENARIO_HELP, run: (a) => m.runScenario(a) })),
};

const SERVE_HELP = `cairn — label and review 3D scenes

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
`;

const HELP_END = `  cairn --help         this text
  cairn <command> --help  that command's options
  cairn --version      the version
`;

async function fullHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return SERVE_HELP + commands.map((c) => c.help).join('') + HELP_END;
}

export async function main(argv: string[]): Promise<number> {
  const root = appRoot(__dirname);
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(await fullHelp());
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load) {
    const loaded = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(loaded.help);
      return 0;
    }
    return loaded.run(rest);
  }
  if (command !== 'serve') {
    process.stderr.write(`cairn: unknown command "${command}"\n\n${await fullHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
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
  const [{ addAllowedRoot }, { createAppServices }, { createOctreeBuilds }, { startWebHost }] = await Promise.all([
    import('./services/access/allowedRootsFile'),
    import('./services/appServices'),
    import('./services/pointclouds/octreeBuilds'),
    import('./webhost/server'),
  ]);
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
    evaluationWorker: path.join(__dirname, 'evaluationWorker.js'),
    modelWorkers: { detector: path.join(__dirname, 'modelWorker.js'), cluster: path.join(__dirname, 'clusterWorker.js'), pillar: path.join(__dirname, 'pillarWorker.js') },
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
