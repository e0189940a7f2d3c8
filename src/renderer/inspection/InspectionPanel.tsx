import { useState } from 'react';
import type { InspectionMatching, PredictionFormat } from '../../shared/inspectionContract';
import { useView, useWorkbench } from '../workbench/context';
import { ClassSummary } from './ClassSummary';
import { PrecisionRecall } from './PrecisionRecall';
import { FrameBoxList } from './FrameBoxList';
import { FrameErrorList } from './FrameErrorList';
import { InspectionLegend } from './InspectionLegend';
import { loadPredictions } from './loadPredictions';
import { inspectionStoreOf, useInspection } from './inspectionStore';
import './inspection.css';

const METRIC_LABEL = { iou3d: '3D IoU at each class’s threshold', bev: 'BEV IoU at each class’s threshold', centre: 'centre distance ≤ 2 m' } as const;

/**
 * Failure inspection: a model's predictions read from a file beside the scene's ground truth, each
 * class's precision, recall and AP, the frames sortable by error with a jump to each, and the
 * boxes of the frame shown by outcome.
 */
export function InspectionPanel() {
  const wb = useWorkbench();
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const ontology = useView((s) => s.ontology);
  const status = useInspection((s) => s.status);
  const error = useInspection((s) => s.error);
  const run = useInspection((s) => s.run);
  const show = useInspection((s) => s.show);
  const [location, setLocation] = useState('');
  const [format, setFormat] = useState<PredictionFormat | 'auto'>('auto');
  const [metric, setMetric] = useState<InspectionMatching['metric']>('iou3d');
  const [minScore, setMinScore] = useState('0.5');
  if (!sceneId) return <p className="hint">Open a scene to inspect a model’s predictions on it.</p>;
  const nameOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.name ?? classId;
  const current = run && run.sceneId === sceneId ? run : null;
  return (
    <div className="inspection-panel" data-testid="inspection-panel" data-status={status}>
      <details className="inspection-open" open={!current || undefined} key={current?.runId ?? 'none'}>
        <summary>{current ? 'Open other predictions…' : 'Open predictions'}</summary>
        <form
          className="inspection-controls"
          onSubmit={(e) => {
            e.preventDefault();
            const score = Number(minScore);
            if (!Number.isFinite(score) || score < 0 || score > 1) return inspectionStoreOf(wb).getState().failed(`Minimum score "${minScore}" is not a number from 0 to 1`);
            if (location.trim()) void loadPredictions(wb, location, format === 'auto' ? undefined : format, { metric, minScore: score });
          }}
        >
          <input
            className="inspection-location"
            data-testid="inspection-location"
            value={location}
            placeholder="Predictions: KITTI result folder, nuScenes results .json, OpenLABEL .json"
            aria-label="predictions file or folder"
            onChange={(e) => setLocation(e.target.value)}
          />
          <select value={format} onChange={(e) => setFormat(e.target.value as PredictionFormat | 'auto')} aria-label="format" data-testid="inspection-format">
            <option value="auto">format: detect</option>
            <option value="kitti">KITTI results</option>
            <option value="nuscenes">nuScenes detection JSON</option>
            <option value="openlabel">OpenLABEL</option>
          </select>
          <select value={metric} onChange={(e) => setMetric(e.target.value as InspectionMatching['metric'])} aria-label="match by" data-testid="inspection-metric">
            <option value="iou3d">3D IoU</option>
            <option value="bev">BEV IoU</option>
            <option value="centre">centre ≤ 2 m</option>
          </select>
          <label title="Predictions scoring lower count in AP only">
            score ≥ <input className="inspection-score" value={minScore} onChange={(e) => setMinScore(e.target.value)} aria-label="minimum score" data-testid="inspection-min-score" />
          </label>
          <button type="submit" data-testid="inspection-load" disabled={status === 'loading' || !location.trim()}>
            {status === 'loading' ? 'Reading…' : 'Open predictions…'}
          </button>
        </form>
      </details>
      {error && (
        <p className="sync-error" role="alert" data-testid="inspection-error">
          {error}
        </p>
      )}
      {current && (
        <>
          <div className="inspection-run" data-testid="inspection-run" data-predictions={current.predictions}>
            <strong title={current.source}>{current.name}</strong> · {current.format} · {current.predictions} predictions · matched by {METRIC_LABEL[current.matching.metric]}, scores from{' '}
            {current.matching.minScore}
            {current.unplaced > 0 && <span className="hint"> · {current.unplaced} on frames this scene lacks</span>}
            <label className="inspection-show">
              <input type="checkbox" checked={show} data-testid="inspection-show" onChange={(e) => inspectionStoreOf(wb).getState().setShow(e.target.checked)} /> Show in 3D and cameras
            </label>
          </div>
          {current.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
          <InspectionLegend />
          <FrameErrorList />
          <FrameBoxList nameOf={nameOf} />
          <ClassSummary classes={current.classes} nameOf={nameOf} inIgnoreRegions={current.ignoreRegions > 0} />
          <PrecisionRecall classes={current.classes} nameOf={nameOf} />
        </>
      )}
    </div>
  );
}
