import { writeFile } from 'node:fs/promises';
import { diffStates } from '../core/sync';
import { parseCommandArgs, type Writer } from './commandArgs';
import { esc, htmlPage, openWorkspaceSync } from './syncCommandShared';

export const DIFF_HELP = `  cairn diff --scene ID <revision A> <revision B> [--workspace DIR] [--json FILE] [--html FILE]
      What changed in a scene between two revisions (addresses or unique prefixes of at least 6
      digits), each seen as merged from itself and its ancestors: objects and tracks added,
      removed, and per field the value before and after. Exit status 0 when they are the same,
      1 when they differ (as diff(1)), 2 on usage errors or when a revision is not found.
`;

/** `cairn diff`: returns the exit status. */
export async function runDiff(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('diff', DIFF_HELP, args, { workspace: { type: 'string' }, scene: { type: 'string' }, json: { type: 'string' }, html: { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (!values.scene) return usage('give the scene with --scene ID');
  if (positionals.length !== 2) return usage('give two revisions');
  let opened;
  try {
    opened = openWorkspaceSync(values.workspace, err);
  } catch (e) {
    err.write(`cairn diff: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const { engine } = opened;
    let a, b;
    try {
      a = engine.findRevision(values.scene, positionals[0]);
      b = engine.findRevision(values.scene, positionals[1]);
    } catch (e) {
      err.write(`cairn diff: ${(e as Error).message}\n`);
      return 2;
    }
    const diffs = diffStates(engine.stateAt(values.scene, a.address), engine.stateAt(values.scene, b.address));
    for (const d of diffs) {
      out.write(`${d.change === 'added' ? '+' : d.change === 'removed' ? '-' : '~'} ${d.entity} ${d.id}\n`);
      for (const f of d.fields) out.write(`    ${f.field}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}\n`);
    }
    out.write(`${diffs.length} ${diffs.length === 1 ? 'entity differs' : 'entities differ'} between ${a.address.slice(0, 12)} and ${b.address.slice(0, 12)}\n`);
    const doc = { format: 'cairn-diff', version: 1, sceneId: values.scene, from: a.address, to: b.address, diffs };
    if (values.json) await writeFile(values.json, `${JSON.stringify(doc, null, 1)}\n`);
    if (values.html) {
      const rows = diffs
        .map((d) => `<tr><th>${esc(d.change)}</th><td>${esc(d.entity)} <code>${esc(d.id)}</code></td><td>${d.fields.map((f) => `${esc(f.field)}: <code>${esc(JSON.stringify(f.before))}</code> → <code>${esc(JSON.stringify(f.after))}</code>`).join('<br>')}</td></tr>`)
        .join('');
      await writeFile(values.html, htmlPage(`Scene ${values.scene}: ${a.address.slice(0, 12)} → ${b.address.slice(0, 12)}`, `<p>${diffs.length} difference(s)</p><table>${rows}</table>`));
    }
    for (const f of [values.json, values.html]) if (f) err.write(`wrote ${f}\n`);
    return diffs.length ? 1 : 0;
  } catch (e) {
    err.write(`cairn diff: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await opened.close();
  }
}
