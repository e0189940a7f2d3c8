import { describe, expect, it } from 'vitest';
import { cloudDisplayDefaults } from './cloudDisplayDefaults';

const cloud = (points: number, attributes?: string[]) => ({ cloudId: 'c', name: 'c', source: 's', status: 'ready' as const, points, attributes });

describe('cloudDisplayDefaults', () => {
  it('colours by RGB when the cloud has it, else by elevation', () => {
    expect(cloudDisplayDefaults(cloud(10, ['position', 'rgb'])).cloudColor).toBe('rgb');
    expect(cloudDisplayDefaults(cloud(10, ['position', 'intensity'])).cloudColor).toBe('elevation');
    expect(cloudDisplayDefaults(cloud(10)).cloudColor).toBe('elevation');
  });

  it('lights dense scans with eye-dome lighting and leaves sparse clouds unlit', () => {
    expect(cloudDisplayDefaults(cloud(59_750, ['position'])).edl).toBe(false);
    expect(cloudDisplayDefaults(cloud(2_000_000, ['position'])).edl).toBe(true);
  });
});
