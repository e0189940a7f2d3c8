import { useView } from '../workbench/context';
import type { ScenarioForm } from './scenarioForm';

/** The described query: objects of a class near the ego, an evaluation outcome, a metadata word, the ego's speed. */
export function ScenarioBuilder({ form, onChange }: { form: ScenarioForm; onChange: (form: ScenarioForm) => void }) {
  const classes = useView((s) => s.ontology?.classes ?? []);
  const set = (patch: Partial<ScenarioForm>) => onChange({ ...form, ...patch });
  return (
    <div className="scenario-builder" data-testid="scenario-builder">
      <label>
        at least
        <input value={form.atLeast} onChange={(e) => set({ atLeast: e.target.value })} size={3} data-testid="scenario-at-least" />
      </label>
      <select value={form.classId} onChange={(e) => set({ classId: e.target.value })} data-testid="scenario-class" aria-label="class">
        <option value="">(any class: no count)</option>
        {classes.map((c) => (
          <option key={c.classId} value={c.classId}>
            {c.name}
          </option>
        ))}
      </select>
      <label>
        within
        <input value={form.within} onChange={(e) => set({ within: e.target.value })} size={4} placeholder="any" data-testid="scenario-within" />m
      </label>
      <label>
        outcome
        <select value={form.outcome} onChange={(e) => set({ outcome: e.target.value as ScenarioForm['outcome'] })} data-testid="scenario-outcome">
          <option value="">any</option>
          <option value="TP">a true positive</option>
          <option value="FP">a false positive</option>
          <option value="FN">a false negative</option>
        </select>
      </label>
      <label>
        metadata
        <input value={form.metadata} onChange={(e) => set({ metadata: e.target.value })} size={10} placeholder="night, rain, a place" data-testid="scenario-metadata" />
      </label>
      <label>
        ego speed &gt;
        <input value={form.speedAbove} onChange={(e) => set({ speedAbove: e.target.value })} size={4} data-testid="scenario-speed" />
        m/s
      </label>
    </div>
  );
}
