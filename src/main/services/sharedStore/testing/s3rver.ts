import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { s3ClientFor, type S3ConnectionOptions } from '../../stores/s3Store';

/** s3rver ships no types; this is the part of it the tests use. */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverServer;

export interface RunningS3rver {
  readonly connection: S3ConnectionOptions;
  readonly client: S3Client;
  stop(): Promise<void>;
}

/** A real s3rver on 127.0.0.1 (a free port) with the given buckets, its files in a temporary folder removed on stop. */
export async function startS3rver(buckets: readonly string[]): Promise<RunningS3rver> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  // s3rver's built-in key pair.
  const connection: S3ConnectionOptions = { endpoint: `http://127.0.0.1:${port}`, region: 'eu-central-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const client = s3ClientFor(connection);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    connection,
    client,
    async stop() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The same s3rver in a child process run with OpenSSL's legacy provider: s3rver 3.7 makes its
 * ListObjectsV2 continuation tokens with DES, which OpenSSL 3 refuses otherwise, so only this one
 * can answer a listing in more than one page. Stopped (the child killed, its folder removed) by stop().
 */
export async function startPagingS3rver(buckets: readonly string[]): Promise<RunningS3rver> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-s3rver-paging-'));
  const script = `const S3rver = require(${JSON.stringify(createRequire(import.meta.url).resolve('s3rver'))});
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(dir)} }).run().then((a) => console.log(a.port));`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before it listened`)));
  });
  const connection: S3ConnectionOptions = { endpoint: `http://127.0.0.1:${port}`, region: 'eu-central-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const client = s3ClientFor(connection);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    connection,
    client,
    async stop() {
      client.destroy();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
