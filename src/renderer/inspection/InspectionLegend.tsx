import { OUTCOME_COLOURS, OUTCOME_DESCRIPTIONS, OUTCOME_LABELS, type Outcome } from './inspectionColours';
import { useInspection } from './inspectionStore';

const ORDER: readonly Outcome[] = ['tp', 'fp', 'fn', 'matchedGt'];

/**
 * Which colour is which outcome, with how many boxes of each the 3D view drew on this frame; each
 * row carries the count and the colour the layer drew with (read back from its materials).
 */
export function InspectionLegend() {
  const drawn = useInspection((s) => s.drawn);
  return (
    <ul className="inspection-legend" data-testid="inspection-legend">
      {ORDER.map((o) => (
        <li key={o} title={OUTCOME_DESCRIPTIONS[o]} data-testid={`inspection-drawn-${o}`} data-count={drawn[o]?.count ?? 0} data-colour={drawn[o]?.colour ?? ''}>
          <span className="swatch" style={{ background: OUTCOME_COLOURS[o] }} /> {OUTCOME_LABELS[o]} <span className="count">{drawn[o]?.count ?? 0}</span>
        </li>
      ))}
    </ul>
  );
}
