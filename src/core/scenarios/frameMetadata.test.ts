import { describe, expect, it } from 'vitest';
import { sceneMetadata } from './frameMetadata';

describe('sceneMetadata', () => {
  it('reads the words and the location of a nuScenes description', () => {
    const meta = sceneMetadata('Night, rain, peds crossing (singapore-hollandvillage, 2018-08-01, n008)');
    expect(meta.location).toBe('singapore-hollandvillage');
    expect(meta.tags).toEqual(expect.arrayContaining(['night', 'rain', 'peds', 'crossing', 'singapore-hollandvillage']));
  });

  it('finds no location where the brackets hold none, and nothing without a description', () => {
    expect(sceneMetadata('Parked cars (2018-08-01)').location).toBeNull();
    expect(sceneMetadata('Wait at intersection').location).toBeNull();
    expect(sceneMetadata(undefined)).toEqual({ description: null, location: null, tags: [] });
    expect(sceneMetadata('   ').description).toBeNull();
  });
});
