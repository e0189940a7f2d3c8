import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRobotics, listRobotTopics } from './roboticsFormats';
import { writeMcap } from './testing/logWriters';
import { robotScenario } from './testing/robotScenario';

let dir: string;
let server: http.Server;
let base: string;
let bytes: Buffer;
let served = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-remote-log-'));
  const file = path.join(dir, 'long.mcap');
  // 60 sweeps in 64 KB chunks: several chunks, and a summary that is a small part of the file.
  await writeMcap(file, 'ros2', robotScenario({ dialect: 'ros2', sweeps: 60 }), 'none');
  bytes = readFileSync(file);
  server = http.createServer((req, res) => {
    if (req.url !== '/logs/long.mcap') {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': bytes.length, 'accept-ranges': 'bytes' }).end();
      return;
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m) {
      res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
      served += bytes.length;
      return;
    }
    const start = Number(m[1]);
    const end = Math.min(Number(m[2]), bytes.length - 1);
    served += end - start + 1;
    res.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${bytes.length}` }).end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a log behind HTTP, read by range requests', () => {
  it('lists its topics from the summary without reading the chunks', async () => {
    served = 0;
    const text = await listRobotTopics('mcap', `${base}/logs/long.mcap`);
    expect(text).toMatch(/\/lidar\/points\s+sensor_msgs\/PointCloud2\s+cdr\s+60\n/);
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(bytes.length / 4);
  });

  it('imports it as from a file, and names the URL when it is missing', async () => {
    const result = await importRobotics('mcap', `${base}/logs/long.mcap`, { outDir: path.join(dir, 'out'), rate: 5 });
    expect(result.scenes[0].manifest.frames).toHaveLength(30);
    await expect(importRobotics('mcap', `${base}/logs/gone.mcap`, { outDir: path.join(dir, 'o2') })).rejects.toThrow(/gone\.mcap.*404/);
  });
});
