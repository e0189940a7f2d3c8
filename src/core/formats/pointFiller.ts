import type { PointBatch } from '../pointcloud/pointBatch';
import type { BatchColumns } from './batchColumns';
import { newColumns, type ColumnPlan } from './fieldColumns';

/**
 * Fills batches of exactly `size` points from a stream of decoded points, dropping those whose
 * position is not finite (the NaN holes of organised PCD clouds): a dropped point's slot is
 * simply overwritten by the next one.
 */
export class PointFiller {
  out: BatchColumns;
  filled = 0;
  skipped = 0;
  private left: number;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly size: number,
    /** Upper bound on the points still to come; bounds every allocation. */
    total: number,
  ) {
    this.left = total;
    this.out = newColumns(plan, Math.max(1, Math.min(size, total)));
  }

  /** Call after the sinks wrote point `this.filled`; returns a full batch when there is one. */
  commit(): PointBatch | null {
    this.left--;
    const pos = this.out.positions;
    const p = 3 * this.filled;
    if (Number.isFinite(pos[p]) && Number.isFinite(pos[p + 1]) && Number.isFinite(pos[p + 2])) this.filled++;
    else this.skipped++;
    if (this.filled < this.out.capacity) return null;
    const batch = this.out.finish(this.filled);
    this.filled = 0;
    this.out = newColumns(this.plan, Math.max(1, Math.min(this.size, this.left)));
    return batch;
  }

  flush(): PointBatch | null {
    if (this.filled === 0) return null;
    const batch = this.out.finish(this.filled);
    this.filled = 0;
    return batch;
  }
}
