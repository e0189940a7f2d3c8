import { describe, expect, it } from 'vitest';
import { isSurfaceClass, segmentClasses } from './segmentClasses';

describe('segmentation classes', () => {
  it('are the ontology\'s classes under their SemanticKITTI ids, then the surfaces the ontology lacks', () => {
    const classes = segmentClasses([
      { classId: 'car', name: 'Car', color: '#ff0000' },
      { classId: 'robot', name: 'Robot', color: '#00ff00' },
      { classId: 'road', name: 'Road', color: '#333333' },
    ]);
    expect(classes.slice(0, 3).map((c) => [c.classId, c.semantic, c.color])).toEqual([['car', 10, '#ff0000'], ['robot', 300, '#00ff00'], ['road', 40, '#333333']]);
    // The ontology's road took its own id; the surface road is not offered twice.
    expect(classes.filter((c) => c.classId === 'road')).toHaveLength(1);
    expect(classes.find((c) => c.classId === 'sidewalk')?.semantic).toBe(48);
    expect(new Set(classes.map((c) => c.semantic)).size).toBe(classes.length);
    expect(isSurfaceClass('road')).toBe(true);
    expect(isSurfaceClass('car')).toBe(false);
  });
});
