import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract';
import { LocationPolicy } from './locationPolicy';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocationPolicy', () => {
  it('allows what lies under a local root, on whole path segments', () => {
    const p = new LocationPolicy('desktop');
    p.allow(path.join(dir, 'data'), 'test');
    expect(p.isAllowed(path.join(dir, 'data'))).toBe(true);
    expect(p.isAllowed(path.join(dir, 'data', 'a', 'b.bin'))).toBe(true);
    expect(p.isAllowed(path.join(dir, 'data2', 'x'))).toBe(false);
    expect(p.isAllowed(path.join(dir, 'data', '..', 'other'))).toBe(false);
    expect(p.isAllowed('/etc/passwd')).toBe(false);
  });

  it('follows symbolic links before judging: a link inside a root cannot lead out of it', () => {
    mkdirSync(path.join(dir, 'root'), { recursive: true });
    mkdirSync(path.join(dir, 'outside'), { recursive: true });
    writeFileSync(path.join(dir, 'outside', 'secret'), 'x');
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'root', 'link'));
    const p = new LocationPolicy('desktop');
    p.allow(path.join(dir, 'root'), 'test');
    expect(p.isAllowed(path.join(dir, 'root', 'link', 'secret'))).toBe(false);
    expect(p.isAllowed(path.join(dir, 'root', 'link', 'not-yet-there'))).toBe(false);
  });

  it('compares URLs by origin and path prefix, after normalising dots and encoded dots', () => {
    const p = new LocationPolicy('desktop');
    p.allow('http://127.0.0.1:8080/data/', 'test');
    expect(p.isAllowed('http://127.0.0.1:8080/data/scene.json')).toBe(true);
    expect(p.isAllowed('http://127.0.0.1:8080/data')).toBe(true);
    expect(p.isAllowed('http://127.0.0.1:8080/data2/x')).toBe(false);
    expect(p.isAllowed('http://127.0.0.1:8080/data/../admin')).toBe(false);
    expect(p.isAllowed('http://127.0.0.1:8080/data/%2e%2e/admin')).toBe(false);
    expect(p.isAllowed('http://127.0.0.1:8081/data/x')).toBe(false);
    expect(p.isAllowed('https://127.0.0.1:8080/data/x')).toBe(false);
    expect(p.isAllowed('http://localhost:8080/data/x')).toBe(false);
    expect(p.isAllowed('http://user:pw@127.0.0.1:8080/data/x')).toBe(true);
  });

  it('compares s3 locations by bucket and key prefix', () => {
    const p = new LocationPolicy('desktop');
    p.allow('s3://bucket/scans/', 'test');
    expect(p.isAllowed('s3://bucket/scans/a/metadata.json')).toBe(true);
    expect(p.isAllowed('s3://bucket/scans2/a')).toBe(false);
    expect(p.isAllowed('s3://other/scans/a')).toBe(false);
    expect(p.isAllowed('ftp://bucket/scans/a')).toBe(false);
  });

  it('grants what the user opens: a folder, a manifest\'s folder, or a scan file alone', () => {
    const p = new LocationPolicy('desktop');
    p.allowOpened(path.join(dir, 'a', 'scene.json'));
    p.allowOpened(path.join(dir, 'b', 'scan.laz'));
    p.allowOpened('http://127.0.0.1:9/octree/metadata.json?sig=1');
    expect(p.isAllowed(path.join(dir, 'a', 'lidar', '0.bin'))).toBe(true);
    expect(p.isAllowed(path.join(dir, 'b', 'scan.laz'))).toBe(true);
    expect(p.isAllowed(path.join(dir, 'b', 'other.laz'))).toBe(false);
    expect(p.isAllowed('http://127.0.0.1:9/octree/octree.bin')).toBe(true);
    expect(p.isAllowed('http://127.0.0.1:9/other/')).toBe(false);
  });

  it('refuses with forbidden, naming the file that named the location and never its credentials', () => {
    const p = new LocationPolicy('desktop');
    const e = (() => {
      try {
        p.check('http://u:secret@10.0.0.1/x?X-Amz-Signature=abc', 'm/scene.json: dataRoot');
      } catch (err) {
        return err as ContractError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ContractError);
    expect(e!.code).toBe('forbidden');
    expect(e!.message).toMatch(/^m\/scene\.json: dataRoot: http:\/\/10\.0\.0\.1\/x lies outside/);
    expect(e!.message).not.toContain('secret');
    expect(e!.message).not.toContain('Signature');
  });

  it('opens nothing in reviewer mode', () => {
    const p = new LocationPolicy('reviewer');
    expect(() => p.allowOpened(dir)).toThrow(/reviewer mode/);
    p.allowRootOf(dir, 'started with');
    expect(p.isAllowed(path.join(dir, 'x'))).toBe(true);
  });
});
