import { describe, expect, it } from 'vitest';
import { objectTag, shortId } from './ids';

describe('objectTag', () => {
  const track = '3f2a9c1e-0b7d-4e21-9a3c-5d6e7f801234';
  const object = 'a1b2c3d4-0b7d-4e21-9a3c-5d6e7f805678';

  it("names an object by its track's short id on every frame, by its own id without a track", () => {
    expect(objectTag(track, object)).toBe(shortId(track));
    expect(objectTag(undefined, object)).toBe('a1b2');
  });

  it("keeps a dataset's short ids whole and ends long tokens at six characters", () => {
    expect(objectTag('12', object)).toBe('12');
    expect(objectTag('car-0007', object)).toBe('car-0007');
    expect(objectTag('6dd2cbf4c24b4caeb625035869bca7b5', object)).toBe('bca7b5');
  });
});
