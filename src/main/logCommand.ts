import { writeFile } from 'node:fs/promises';
import { parseCommandArgs, type Writer } from './commandArgs';
import { esc, htmlPage, openWorkspaceSync } from './syncCommandShared';
import { parseKept } from './services/sync/syncEngine';
import type { RawData } from '../core/revisions';

export const LOG_HELP = `  cairn log --scene ID [--object ID] [--workspace DIR] [--json FILE] [--html FILE]
      A scene's shared history as this workspace holds it, newest first: each revision's address,
      author (name and role when the store can be read), time, message and operations. With
      --object, that object's lineage: every change (who, role, by hand with which tool or by
      which model, when, the fields it wrote, ontology version, the raw files it was made on by
      content hash and the calibration version) and who set each field now shown.
      --json FILE   write it as JSON        --html FILE   write a report page
`;

/** `cairn log`: returns the exit status. */
export async function runLog(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('log', LOG_HELP, args, { workspace: { type: 'string' }, scene: { type: 'string' }, object: { type: 'string' }, json: { type: 'string' }, html: { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length) return usage(`unexpected argument "${positionals[0]}"`);
  if (!values.scene) return usage('give the scene with --scene ID');
  let opened;
  try {
    opened = openWorkspaceSync(values.workspace, err);
  } catch (e) {
    err.write(`cairn log: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const { engine, workspace } = opened;
    if (!(await engine.readRegistry())) err.write('cairn log: the store cannot be read now: authors are shown by key id\n');
    const sceneId = values.scene;
    const who = (keyId: string) => ({ keyId, name: engine.authorName(keyId), role: engine.roleOf(keyId) });
    let doc: object;
    let html: string;
    if (values.object) {
      const { touches, blame } = engine.history(sceneId, values.object);
      if (touches.length === 0) {
        err.write(`cairn log: object ${values.object} has no shared history in scene ${sceneId} (not synced yet, or another scene)\n`);
        return 1;
      }
      const changes = touches.map((t) => ({ revision: t.revision, author: who(t.author), createdAt: t.createdAt, label: t.label, provenance: t.provenance, rawData: t.rawData, lane: t.lane, fields: t.fields, ontologyVersion: t.after?.ontologyVersion ?? t.before?.ontologyVersion ?? null, before: t.before, after: t.after }));
      const fields = blame.map((b) => ({ field: b.field, value: b.value ?? null, conflicted: b.conflicted, setBy: b.writes.map((w) => ({ revision: w.revision, author: who(w.author), createdAt: w.createdAt, provenance: w.provenance })) }));
      doc = { format: 'cairn-log', version: 1, sceneId, objectId: values.object, changes, fields };
      for (const c of [...changes].reverse()) {
        out.write(`${c.revision.slice(0, 12)}  ${new Date(c.createdAt).toISOString()}  ${c.author.name}${c.author.role ? ` (${c.author.role})` : ''}  ${c.label}  [${provenanceText(c.provenance)}]  ${c.after === null ? 'deleted' : c.before === null ? 'created' : c.fields.join(', ')}\n`);
        if (c.rawData) out.write(`              on ${rawDataText(c.rawData)}\n`);
      }
      html = htmlPage(
        `Lineage of object ${values.object}`,
        `<h2>Changes, newest first</h2><table><tr><th>revision</th><th>when</th><th>who</th><th>what</th><th>how</th><th>fields</th><th>made on</th></tr>${[...changes]
          .reverse()
          .map((c) => `<tr><td><code>${esc(c.revision.slice(0, 12))}</code></td><td>${esc(new Date(c.createdAt).toISOString())}</td><td>${esc(c.author.name)}${c.author.role ? ` (${esc(c.author.role)})` : ''}</td><td>${esc(c.label)}</td><td>${esc(provenanceText(c.provenance))}</td><td>${esc(c.after === null ? 'deleted' : c.before === null ? 'created' : c.fields.join(', '))}</td><td>${esc(c.rawData ? rawDataText(c.rawData) : '')}</td></tr>`)
          .join('')}</table><h2>Who set each field</h2><table>${fields
          .map((f) => `<tr class="${f.conflicted ? 'conflicted' : ''}"><th>${esc(f.field)}</th><td><code>${esc(JSON.stringify(f.value))}</code></td><td>${esc(f.setBy.map((s) => s.author.name).join(' vs '))}</td></tr>`)
          .join('')}</table>`,
      );
    } else {
      const revisions = workspace.sync
        .sceneRevisions(sceneId)
        .map((k) => {
          const { body } = parseKept(k.address, k.text);
          const changes = body.operations.reduce((n, op) => n + op.changes.length + (op.trackSettings?.length ?? 0), 0);
          return { revision: k.address, author: who(body.author.keyId), createdAt: body.createdAt, parents: body.parents, message: body.message, operations: body.operations.length, changes, ontologyVersion: body.ontologyVersion, lane: body.lane ?? null, pushed: k.pushed };
        })
        .reverse();
      if (revisions.length === 0) {
        err.write(`cairn log: scene ${sceneId} has no shared history in this workspace\n`);
        return 1;
      }
      doc = { format: 'cairn-log', version: 1, sceneId, revisions };
      for (const r of revisions) out.write(`${r.revision.slice(0, 12)}  ${new Date(r.createdAt).toISOString()}  ${r.author.name}${r.author.role ? ` (${r.author.role})` : ''}  ${r.message}${r.pushed ? '' : '  [not pushed]'}\n`);
      html = htmlPage(
        `History of scene ${sceneId}`,
        `<table><tr><th>revision</th><th>when</th><th>who</th><th>message</th><th>changes</th><th>parents</th></tr>${revisions
          .map((r) => `<tr><td><code>${esc(r.revision.slice(0, 12))}</code></td><td>${esc(new Date(r.createdAt).toISOString())}</td><td>${esc(r.author.name)}${r.author.role ? ` (${esc(r.author.role)})` : ''}</td><td>${esc(r.message)}</td><td>${r.changes}</td><td><code>${esc(r.parents.map((p) => p.slice(0, 8)).join(' '))}</code></td></tr>`)
          .join('')}</table>`,
      );
    }
    if (values.json) await writeFile(values.json, `${JSON.stringify(doc, null, 1)}\n`);
    if (values.html) await writeFile(values.html, html);
    for (const f of [values.json, values.html]) if (f) err.write(`wrote ${f}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn log: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

function provenanceText(p: { kind: string; tool?: string; name?: string; version?: string }): string {
  if (p.kind === 'human') return `by hand: ${p.tool}`;
  if (p.kind === 'model') return `model ${p.name} ${p.version}`;
  return p.kind;
}

/** The raw files (short content hashes) and calibration version a change was made on, on one line. */
function rawDataText(d: RawData[number]): string {
  return `${d.files.map((f) => `${f.path} sha256:${f.sha256.slice(0, 12)}`).join(', ') || 'no readable raw file'}; calibration ${d.calibration.slice(0, 12)}`;
}
