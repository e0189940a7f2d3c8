/** The parts of a V8 CPU profile (CDP Profiler.stop) this bench reads. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface TopEntry {
  /** Self time per interaction, ms. */
  readonly ms: number;
  readonly name: string;
  readonly where: string;
}

/**
 * Self time by function (name and source line, so two `render`s stay apart), per interaction,
 * largest first. Idle time is left out (the wait between interactions), and so is "(program)":
 * native work the profiler cannot name (style, layout, GL calls), whose wall-clock samples also
 * swallow the time the thread waits for a core on a loaded machine.
 */
export function selfTimeTop(profile: CpuProfile, count: number, interactions: number): TopEntry[] {
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const byKey = new Map<string, TopEntry & { us: number }>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = nodeById.get(samples[i]);
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.split('/').pop()}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = byKey.get(key) ?? { ms: 0, us: 0, name: functionName || '(anonymous)', where };
    // A sample's delta is the time since the previous sample: the time the sampled frame ran.
    entry.us += deltas[i] ?? 0;
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({ ms: e.us / 1000 / Math.max(1, interactions), name: e.name, where: e.where }));
}
