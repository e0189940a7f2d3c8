import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { shortId } from '../../core/model/ids';
import { PLAUSIBILITY_RULES, type PlausibilityRule } from '../../core/plausibility/settings';
import type { CheckReport, Finding } from '../../core/plausibility/types';
import { showFrame } from '../state/loadScene';
import { useRowWindow } from '../ui/useRowWindow';
import { useView, useWorkbench } from '../workbench/context';
import { notCheckedRows } from './liveReport';
import { POINT_RULES, useLiveChecks } from './useLiveChecks';
import './checks.css';

const RULE_TITLES: Record<PlausibilityRule, string> = {
  'track-size': 'Size changes in a track',
  'yaw-flip': 'Heading flips',
  speed: 'Too fast',
  acceleration: 'Too sudden',
  'empty-box': 'Empty boxes',
  'below-ground': 'Below the ground',
  floating: 'Floating',
  overlap: 'Overlapping',
  'required-attribute': 'Required attribute missing',
  'relation-ends': 'Relation without its objects',
  'box2d-projection': '2D box far from its 3D box',
  'point-time': 'Box off its points’ capture time',
};

/** One finding; memoised, so a selection or a step re-renders only the rows whose marks change. */
const CheckItem = memo(function CheckItem({ finding: f, selected, here, jump }: { readonly finding: Finding; readonly selected: boolean; readonly here: boolean; readonly jump: (f: Finding) => Promise<void> }) {
  return (
    <li>
      <button
        type="button"
        className={`${selected ? 'selected' : ''} ${here ? 'here' : ''}`}
        data-testid="checks-item"
        data-rule={f.rule}
        data-severity={f.severity}
        data-object-id={f.objectId}
        data-frame-index={f.frameIndex}
        onClick={() => void jump(f)}
        title={`${RULE_TITLES[f.rule]} (${f.severity}): ${f.message}`}
      >
        <span className="checks-frame">{f.frameIndex + 1}</span>
        <span className={`checks-rule ${f.severity}`}>{RULE_TITLES[f.rule]}</span>
        <span className="id">{f.classId} {shortId(f.objectId)}</span>
        <span className="checks-message">{f.message}</span>
      </button>
    </li>
  );
});

/**
 * Plausibility checks, live: every finding on the open scene's boxes, filtered by rule, a click
 * going to its frame and selecting its box. The point rules need the scan, so they judge the
 * frame on screen; `cairn lint` judges every frame's scan. A long list mounts the rows in view.
 */
export function ChecksPanel() {
  const wb = useWorkbench();
  const { report, checkedFrame } = useLiveChecks();
  const selectedId = useView((s) => s.selectedId);
  const frameIndex = useView((s) => s.frameIndex);
  const [rule, setRule] = useState<PlausibilityRule | 'all'>('all');

  const counts = useMemo(() => {
    const c = new Map<PlausibilityRule, number>();
    for (const f of report?.findings ?? []) c.set(f.rule, (c.get(f.rule) ?? 0) + 1);
    return c;
  }, [report]);
  const shown = useMemo(() => (!report ? [] : rule === 'all' ? report.findings : report.findings.filter((f) => f.rule === rule)), [report, rule]);
  const jump = useCallback(
    async (f: Finding) => {
      await showFrame(wb, f.frameIndex);
      wb.view.getState().pick(f.objectId);
    },
    [wb],
  );
  if (!report) return <div className="checks-panel hint" data-testid="checks-panel">Open a scene to check its boxes.</div>;

  const motionOff = report.notChecked.some((n) => n.rule === 'speed' && n.reason.includes('poses'));

  return (
    <div className="checks-panel" data-testid="checks-panel">
      <div className="checks-summary">
        <label className="field">
          Rule
          <select value={rule} onChange={(e) => setRule(e.target.value as PlausibilityRule | 'all')} data-testid="checks-rule">
            <option value="all">All rules ({report.findings.length})</option>
            {PLAUSIBILITY_RULES.filter((r) => report.rules.includes(r)).map((r) => (
              <option key={r} value={r}>
                {RULE_TITLES[r]} ({counts.get(r) ?? 0})
              </option>
            ))}
          </select>
        </label>
        <span className="hint" data-testid="checks-count">
          {report.findings.length === 0 ? 'Nothing implausible' : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`} in {report.boxes} box{report.boxes === 1 ? '' : 'es'}
        </span>
      </div>
      <p className="hint checks-scope">
        {checkedFrame === null ? 'Point rules wait for a scan.' : `Point rules (${POINT_RULES.join(', ')}) on frame ${checkedFrame + 1}, the scan on screen.`}
        {motionOff && ' Speed and acceleration are off: the scene has no ego poses.'}
      </p>
      <NotCheckedList report={report} />
      <FindingList shown={shown} selectedId={selectedId} frameIndex={frameIndex} jump={jump} />
    </div>
  );
}

/**
 * The rules that could not judge some boxes, and why (no per-point time in the sweep, no ego
 * poses, …): without it "no finding" and "not checked" look the same. Folded by default, its
 * count in view; the reasons wrap, as the dock is narrow.
 */
function NotCheckedList({ report }: { readonly report: CheckReport }) {
  const rows = useMemo(() => notCheckedRows(report), [report]);
  const [open, setOpen] = useState(false);
  if (rows.length === 0) return null;
  return (
    <details className="checks-not-checked" data-testid="checks-not-checked" data-count={rows.length} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Not checked ({rows.length})</summary>
      <ul>
        {rows.map((n) => (
          <li key={`${n.rule}\n${n.reason}`} data-testid="checks-not-checked-row" data-rule={n.rule} data-boxes={n.boxes}>
            <span className="checks-rule">{RULE_TITLES[n.rule]}</span>
            <span className="checks-boxes">
              {n.boxes} box{n.boxes === 1 ? '' : 'es'}
            </span>
            <span className="checks-reason">{n.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The findings, the rows in or near view only when the list is long (mounted with the first report, so the row window finds its list). */
function FindingList({ shown, selectedId, frameIndex, jump }: { readonly shown: readonly Finding[]; readonly selectedId: string | null; readonly frameIndex: number; readonly jump: (f: Finding) => Promise<void> }) {
  const list = useRef<HTMLUListElement>(null);
  const rows = useRowWindow(shown.length, list);
  return (
    <div className="checks-scroll">
      <ul className="checks-list" data-testid="checks-list" ref={list}>
        {rows.padTop > 0 && <li aria-hidden style={{ height: rows.padTop }} />}
        {shown.slice(rows.from, rows.to).map((f) => (
          <CheckItem key={`${f.rule}-${f.objectId}-${f.otherObjectId ?? ''}`} finding={f} selected={f.objectId === selectedId} here={f.frameIndex === frameIndex} jump={jump} />
        ))}
        {rows.padBottom > 0 && <li aria-hidden style={{ height: rows.padBottom }} />}
      </ul>
    </div>
  );
}
