import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CommandButton } from '../commands/CommandButton';
import { setMergeFrames, showFrame } from '../state/loadScene';
import { stop } from '../state/playback';
import { useView, useWorkbench } from '../workbench/context';
import { formatCount } from './format';

const MERGE_CHOICES = [1, 3, 5, 10, 20];

function formatSeconds(s: number): string {
  return `${s.toFixed(s < 100 ? 2 : 1)} s`;
}

/** Frame-by-frame review: step, play at the recorded rate, scrub, and merge sweeps. */
export function Timeline() {
  const workbench = useWorkbench();
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const playing = useView((s) => s.playing);
  const latency = useStore(workbench.frameLatency, (s) => s.ms);
  const fromCache = useView((s) => s.frameFromCache);
  const latencyOf = useStore(workbench.frameLatency, (s) => s.of);
  const mergeFrames = useView((s) => s.mergeFrames);
  const merged = useView((s) => s.mergedCloud);
  const showGroundTruth = useView((s) => s.showGroundTruth);
  const [scrub, setScrub] = useState<number | null>(null);
  const cached = useView((s) => s.frameCache);
  const onScrub = useCallback(
    (i: number) => {
      setScrub(i);
      stop(workbench);
      void showFrame(workbench, i).then(() => setScrub(null));
    },
    [workbench],
  );
  // The timeline renders a few times a step (frame, latency, cache); its form controls are made
  // anew only when what they show changes (see FrameScrub).
  const mergeSelect = useMemo(
    () => (
      <select data-testid="merge-frames" value={mergeFrames} onChange={(e) => void setMergeFrames(workbench, Number(e.target.value))}>
        {MERGE_CHOICES.map((n) => (
          <option key={n} value={n}>
            {n === 1 ? 'off' : `${n} frames`}
          </option>
        ))}
      </select>
    ),
    [workbench, mergeFrames],
  );
  const groundTruthToggle = useMemo(
    () => <input data-testid="toggle-ground-truth" type="checkbox" checked={showGroundTruth} onChange={(e) => workbench.view.getState().setShowGroundTruth(e.target.checked)} />,
    [workbench, showGroundTruth],
  );
  const frames = scene?.manifest.frames ?? [];
  if (frames.length === 0) return null;
  const frame = frames[frameIndex];
  const t0 = frames[0].timestamp;
  const shown = scrub ?? frameIndex;
  const hasGroundTruth = (scene?.manifest.groundTruth.length ?? 0) > 0;
  return (
    <footer
      className="timeline"
      data-testid="timeline"
      data-frame-index={frameIndex}
      data-frame-latency-ms={latency === null ? '' : latency.toFixed(1)}
      data-frame-latency-of={latencyOf ?? ''}
      data-frame-from-cache={fromCache ? 'true' : 'false'}
      data-cached-frames={cached.frames}
      data-cached-bytes={cached.bytes}
    >
      <CommandButton id="timeline.play" testId="timeline-play" label={playing ? '❚❚' : '▶'} showKey={false} />
      <CommandButton id="timeline.first" testId="timeline-first" label="|◀" showKey={false} disabled={frameIndex === 0} />
      <FrameScrub count={frames.length} shown={shown} onScrub={onScrub} />
      <CommandButton id="timeline.last" testId="timeline-last" label="▶|" showKey={false} disabled={frameIndex === frames.length - 1} />
      <span className="time" data-testid="timeline-time" title={frame?.sourceId ? `source frame ${frame.sourceId}` : undefined}>
        {frame ? formatSeconds(frame.timestamp - t0) : ''}
        {frame?.keyFrame === false ? ' · sweep' : frame?.keyFrame ? ' · key frame' : ''}
      </span>
      <label className="field" title="Accumulate the sweeps of earlier frames through their ego poses">
        Merge
        {mergeSelect}
      </label>
      {merged && mergeFrames > 1 && (
        <span className="hint" data-testid="merged-count">
          {formatCount(merged.count)} points from {merged.frames} frames
        </span>
      )}
      {hasGroundTruth && (
        <label className="field">
          {groundTruthToggle}
          Ground truth
        </label>
      )}
      <span className="hint latency" data-testid="frame-stats" title="Time from asking for the frame to its first paint; frames fetched ahead and held in memory">
        {latency === null ? '' : `Frame on screen in ${latency.toFixed(0)} ms · `}
        {cached.frames} {cached.frames === 1 ? 'frame' : 'frames'} cached
      </span>
    </footer>
  );
}

/**
 * The frame slider. Its <input> is rendered once per frame count and the shown frame written to
 * it: React rewrites an input's name and type with every update it commits to it, and Chrome's
 * autofill re-reads the page's form controls when one is renamed, which a step did three times.
 */
function FrameScrub({ count, shown, onScrub }: { count: number; shown: number; onScrub: (frame: number) => void }) {
  const input = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (input.current) input.current.value = String(shown);
  }, [shown, count]);
  return useMemo(
    () => <input ref={input} data-testid="timeline-scrub" type="range" min={0} max={count - 1} step={1} aria-label="Frame" onChange={(e) => onScrub(Number(e.target.value))} />,
    [count, onScrub],
  );
}
