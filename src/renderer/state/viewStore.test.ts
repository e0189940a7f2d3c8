import { describe, expect, it } from 'vitest';
import { createViewStore, type FrameCloud } from './viewStore';

const cloudOf = (frameId: string): FrameCloud => ({ frameId, points: new Float32Array(4), count: 1, sensorId: 'lidar', zRange: [0, 1], groundZ: 0 });
const shown = (index: number) => ({ index, cloud: cloudOf(`f${index}`), cloudError: null, images: new Map(), merged: null, fromCache: false });

describe('the view store', () => {
  it('is one store per workbench: two never share state', () => {
    const a = createViewStore();
    const b = createViewStore();
    a.getState().select('box');
    expect(b.getState().selectedId).toBeNull();
  });

  it('clears the notice when the frame changes, not when the same frame is shown again', () => {
    const view = createViewStore();
    view.getState().frameShown(shown(0));
    view.getState().say('No LiDAR point under the cursor');
    view.getState().frameShown(shown(0));
    expect(view.getState().notice).toBe('No LiDAR point under the cursor');
    view.getState().frameShown(shown(1));
    expect(view.getState()).toMatchObject({ notice: null, frameIndex: 1 });
  });

  it('tells no subscriber of a playback stopped or a cache count given when they are as they were', () => {
    const view = createViewStore();
    let told = 0;
    view.subscribe(() => told++);
    view.getState().playingChanged(false);
    view.getState().frameCacheChanged(0, 0);
    expect(told).toBe(0);
    view.getState().playingChanged(true);
    view.getState().frameCacheChanged(3, 300);
    expect(told).toBe(2);
    expect(view.getState()).toMatchObject({ playing: true, frameCache: { frames: 3, bytes: 300 } });
    view.getState().frameCacheChanged(3, 300);
    view.getState().playingChanged(false);
    expect(told).toBe(3);
    expect(view.getState().playing).toBe(false);
  });

  it('takes back only the notice it was given (the notice line is shared)', () => {
    const view = createViewStore();
    view.getState().say('from a tool');
    view.getState().say('from a job');
    view.getState().unsay('from a tool');
    expect(view.getState().notice).toBe('from a job');
    view.getState().unsay('from a job');
    expect(view.getState().notice).toBeNull();
  });

  it('gives a newly shown cloud its display defaults, and keeps the user’s choices for the same cloud', () => {
    const view = createViewStore();
    const cloud = { cloudId: 'c1', name: 'scan', source: '/x', status: 'ready', points: 5_000, attributes: ['rgb'] } as never;
    view.getState().showCloud(cloud, null);
    expect(view.getState()).toMatchObject({ cloudColor: 'rgb', edl: false, showOpenDialog: false });
    view.getState().setCloudColor('intensity');
    view.getState().showCloud(cloud, 'full octree');
    expect(view.getState()).toMatchObject({ cloudColor: 'intensity', notice: 'full octree' });
  });

  it('counts writes: queued, saved, failed', () => {
    const view = createViewStore();
    view.getState().writeQueued();
    view.getState().writeQueued();
    view.getState().writeSaved();
    view.getState().writeFailed('disk full');
    expect(view.getState().save).toEqual({ pending: 0, saved: 1, error: 'disk full' });
  });

  it('drops a selection the editor no longer has, and bumps the revision either way', () => {
    const view = createViewStore();
    view.getState().pick('box');
    view.getState().editorChanged(true);
    expect(view.getState()).toMatchObject({ selectedId: 'box', revision: 1 });
    view.getState().editorChanged(false);
    expect(view.getState()).toMatchObject({ selectedId: null, revision: 2 });
  });

  it('opens a scene on its first frame, with nothing selected and no streamed cloud', () => {
    const view = createViewStore();
    view.getState().frameShown(shown(3));
    view.getState().pick('box');
    view.getState().showCloud({ cloudId: 'c', name: 'c', source: 's', status: 'ready' } as never, null);
    view.getState().sceneOpened({ manifest: { frames: [] } } as never, []);
    expect(view.getState()).toMatchObject({ status: 'ready', frameIndex: 0, selectedId: null, openCloud: null, cloud: null });
  });
});
