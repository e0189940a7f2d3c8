import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionPath } from '../core/revisions';
import { writeSmallHistory, type SmallHistory } from './services/revisions/testing/smallHistory';
import { runVerify, type VerifyDocument } from './verifyCommand';

let work: string;
let store: string;
let history: SmallHistory;

function capture() {
  const lines: string[] = [];
  return { write: (s: string) => lines.push(s), text: () => lines.join('') };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-verify-'));
  store = path.join(work, 'store');
  history = writeSmallHistory(store);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cairn verify', () => {
  it('checks a sound store: exit 0, totals printed, every object ok in the JSON', async () => {
    const [out, err] = [capture(), capture()];
    const json = path.join(work, 'good.json');
    expect(await runVerify([store, '--json', json], out, err)).toBe(0);
    expect(err.text()).toMatch(/12 files in .*\nkeys: 4\/4\n(revisions: \d\/5\n)*revisions: 5\/5\nheads: 2\/2\n/);
    expect(out.text()).toMatch(/^12 objects: 12 ok; 5 revisions usable; root key [0-9a-f]{64}/);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as VerifyDocument;
    expect(doc).toMatchObject({ format: 'cairn-verify', version: 1, store, rootKeyId: history.admin.keyId });
    expect(doc.totals).toMatchObject({ ok: 12, objects: 12, usableRevisions: 5, 'hash-mismatch': 0 });
    expect(doc.findings.map((f) => f.status)).toEqual(Array(12).fill('ok'));
  });

  it('reports a tampered revision and what is built on it: exit 1, each named', async () => {
    const file = path.join(store, revisionPath(history.alice.keyId, history.revisions[1]));
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace('"center":[5.5,', '"center":[6.5,'));
      const [out, err] = [capture(), capture()];
      const json = path.join(work, 'bad.json');
      expect(await runVerify([store, '--json', json], out, err)).toBe(1);
      expect(out.text()).toContain(`hash-mismatch\t${revisionPath(history.alice.keyId, history.revisions[1])}\tits body hashes to`);
      expect(out.text()).toContain(`bad-parent\t${revisionPath(history.alice.keyId, history.revisions[3])}\tparent ${history.revisions[1]} is excluded`);
      expect(out.text()).toMatch(/12 objects: 7 ok, 1 hash-mismatch, 4 bad-parent; 2 revisions usable/);
      const doc = JSON.parse(readFileSync(json, 'utf8')) as VerifyDocument;
      expect(doc.totals).toMatchObject({ ok: 7, 'hash-mismatch': 1, 'bad-parent': 4, usableRevisions: 2 });
    } finally {
      writeFileSync(file, original);
    }
  });

  it('names the folder or the argument that is wrong', async () => {
    const err = capture();
    const missing = path.join(work, 'nowhere');
    expect(await runVerify([missing], capture(), err)).toBe(1);
    expect(err.text()).toBe(`cairn verify: ${missing}: no such folder\n`);
    const notFolder = path.join(work, 'good.json');
    writeFileSync(notFolder, '{}');
    const err2 = capture();
    expect(await runVerify([notFolder], capture(), err2)).toBe(1);
    expect(err2.text()).toBe(`cairn verify: ${notFolder}: not a folder\n`);
    const err3 = capture();
    expect(await runVerify([store, '--root', 'abc'], capture(), err3)).toBe(2);
    expect(err3.text()).toMatch(/--root takes a key id/);
    expect(await runVerify([], capture(), capture())).toBe(2);
    const err4 = capture();
    expect(await runVerify([store, '--json', path.join(work, 'no', 'such', 'dir.json')], capture(), err4)).toBe(1);
    expect(err4.text()).toContain(`cairn verify: ${path.join(work, 'no', 'such', 'dir.json')}: ENOENT`);
  });
});
