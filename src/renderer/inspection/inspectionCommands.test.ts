import { describe, expect, it } from 'vitest';
import type { InspectionFrame } from '../../shared/inspectionContract';
import { CommandRegistry } from '../commands/registry';
import { registerDefaultCommands } from '../commands/defaultCommands';
import type { CommandApp } from '../commands/commandApp';
import { byError, nextByError } from './inspectionCommands';

const frame = (frameIndex: number, error: number): InspectionFrame => ({ frameIndex, frameId: `f${frameIndex}`, tp: 0, fp: 0, fn: 0, error });

describe('stepping through frames by error', () => {
  const frames = [frame(0, 0), frame(1, 2.5), frame(2, 0.4), frame(3, 2.5), frame(4, 0)];

  it('orders worst first, ties in scene order', () => {
    expect(byError(frames).map((f) => f.frameIndex)).toEqual([1, 3, 2, 0, 4]);
  });

  it('goes from the worst through the frames with an error, and round', () => {
    expect(nextByError(frames, 0, 1)).toBe(1);
    expect(nextByError(frames, 1, 1)).toBe(3);
    expect(nextByError(frames, 3, 1)).toBe(2);
    expect(nextByError(frames, 2, 1)).toBe(1);
    expect(nextByError(frames, 1, -1)).toBe(2);
    expect(nextByError([frame(0, 0)], 0, 1)).toBeNull();
  });

  it('binds keys no default command uses', () => {
    const r = new CommandRegistry<CommandApp>();
    registerDefaultCommands(r);
    expect(r.conflicts()).toEqual([]);
  });
});
