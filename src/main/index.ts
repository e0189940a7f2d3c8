import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type MenuItemConstructorOptions, type WebFrameMain } from 'electron';
import { appRoot, currentUser, rendererDir, resourcesDir } from './appPaths';
import { createDispatcher, serializeError } from './host/dispatcher';
import { fileResponse, type FileResponse } from './services/stores/fileResponse';
import { createAppServices, type AppServices } from './services/appServices';
import { createOctreeBuilds } from './services/pointclouds/octreeBuilds';
import { menuSchema } from '../shared/menu';
import { menuTemplate, type MenuItemSpec } from './shell/menuTemplate';
import { safeStorageCipher } from './shell/safeStorageCipher';
import { FileSecretStore } from './services/secrets/fileSecretStore';
import { APP_ORIGIN, appRequestPath, dataRequestPath, isAllowedExternalUrl, isAppUrl } from './shell/navigationRules';

/**
 * The Electron shell: windows, protocols and IPC wiring only. Everything the app does lives in
 * services, which the web host (`cairn serve`) runs unchanged.
 */

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: cairn-data:",
  "connect-src 'self' cairn-data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([
  { scheme: 'cairn-app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: 'cairn-data', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

const root = appRoot(__dirname);
let services: AppServices | null = null;

function isTrustedSender(frame: WebFrameMain | null): boolean {
  return !!frame && isAppUrl(frame.url);
}

async function toResponse(file: string | null, request: Request, extra: Record<string, string> = {}): Promise<Response> {
  if (!file) return new Response('not found', { status: 404 });
  return asWebResponse(await fileResponse(file, request.headers.get('range'), request.method), extra);
}

function asWebResponse(out: FileResponse, extra: Record<string, string> = {}): Response {
  const body = out.body ? (Readable.toWeb(out.body) as unknown as ReadableStream) : null;
  return new Response(body, { status: out.status, headers: { ...out.headers, ...extra } });
}

function registerProtocols(s: AppServices): void {
  const rendererRoot = path.resolve(rendererDir(root));
  protocol.handle('cairn-app', (request) => {
    const relative = appRequestPath(request.url);
    if (relative === null) return new Response('bad request', { status: 400 });
    const file = path.resolve(rendererRoot, relative);
    const inside = file.startsWith(rendererRoot + path.sep);
    return toResponse(inside ? file : null, request, file.endsWith('.html') ? { 'Content-Security-Policy': CSP } : {});
  });
  protocol.handle('cairn-data', (request) => {
    const target = dataRequestPath(request.url);
    if (!target) return new Response('bad request', { status: 400 });
    return s.stores.serve(target.storeId, target.path, request.headers.get('range'), request.method).then((out) => asWebResponse(out));
  });
}

function registerIpc(s: AppServices): void {
  const dispatch = createDispatcher(s.handlers);
  ipcMain.handle('cairn:call', async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return { ok: false, error: { code: 'unauthorized', message: 'untrusted sender' } };
    try {
      return { ok: true, result: await dispatch(name, input, { transport: 'ipc' }) };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  });
  // The page's command registry describes the menu; a pick goes back to the page to run.
  ipcMain.on('cairn:menu', (event, commands: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return;
    const parsed = menuSchema.safeParse(commands);
    if (!parsed.success) return;
    const sender = event.sender;
    const withClicks = (items: readonly MenuItemSpec[]): MenuItemConstructorOptions[] =>
      items.map((item) => ({
        label: item.label,
        ...(item.accelerator ? { accelerator: item.accelerator } : {}),
        ...(item.enabled === undefined ? {} : { enabled: item.enabled }),
        ...(item.submenu ? { submenu: withClicks(item.submenu) } : { click: () => sender.send('cairn:menu-command', item.id) }),
      }));
    Menu.setApplicationMenu(Menu.buildFromTemplate(withClicks(menuTemplate(parsed.data))));
  });
  // Open…'s folder picker (a ROS 2 bag is a folder): the chosen path goes back to the page, which opens it through the contract like a typed one.
  ipcMain.handle('cairn:pick-folder', async (event, title: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return null;
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { title: typeof title === 'string' ? title.slice(0, 200) : 'Open folder', properties: ['openDirectory' as const] };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });
  s.events.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('cairn:event', name, payload);
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'Cairn',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

/** No camera, microphone, geolocation, notifications, HID, serial...: Cairn asks for none, so none is granted. */
function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
}

app.whenReady().then(() => {
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const workspaceDir = process.env.CAIRN_WORKSPACE ?? path.join(app.getPath('userData'), 'workspace');
  services = createAppServices({
    workspaceDir,
    resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : resourcesDir(root),
    shell: 'electron',
    user: currentUser(),
    version,
    octreeBuilds: (jobs) =>
      createOctreeBuilds({ cacheDir: path.join(workspaceDir, 'cache', 'lod'), jobs, workerFile: path.join(__dirname, 'convertWorker.js') }),
    agreementWorker: path.join(__dirname, 'agreementWorker.js'),
    evaluationWorker: path.join(__dirname, 'evaluationWorker.js'),
    modelWorkers: { detector: path.join(__dirname, 'modelWorker.js'), cluster: path.join(__dirname, 'clusterWorker.js'), pillar: path.join(__dirname, 'pillarWorker.js') },
    secrets: new FileSecretStore(path.join(app.getPath('userData'), 'secrets.json'), safeStorageCipher(safeStorage)),
  });
  denyPermissions();
  registerProtocols(services);
  registerIpc(services);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}, (e: unknown) => {
  console.error(`Cairn could not start: ${(e as Error).message}`);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  services?.close();
  services = null;
});
