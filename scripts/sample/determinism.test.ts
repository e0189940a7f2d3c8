import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from './sample';

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(root, p) : [relative(root, p)];
    })
    .sort();
}

const TINY = { beams: 6, azimuthSteps: 90, imageScale: 0.08, frames: 2 };

describe('sample generator', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function run(seed?: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-sample-'));
    dirs.push(dir);
    generateSample({ outDir: dir, seed, ...TINY });
    return dir;
  }

  it('writes byte-identical files for the same seed', () => {
    const a = run();
    const b = run();
    const filesA = listFiles(a);
    expect(filesA).toEqual(listFiles(b));
    expect(filesA).toContain('scene.json');
    expect(filesA.filter((f) => f.endsWith('.bin'))).toHaveLength(TINY.frames);
    expect(filesA.filter((f) => f.endsWith('.png'))).toHaveLength(TINY.frames * 2);
    for (const f of filesA) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('derives IDs and noise from the seed', () => {
    const a = JSON.parse(readFileSync(join(run(7), 'scene.json'), 'utf8')) as { sceneId: string };
    const b = JSON.parse(readFileSync(join(run(8), 'scene.json'), 'utf8')) as { sceneId: string };
    expect(a.sceneId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.sceneId).not.toBe(b.sceneId);
  });
});
