import { describe, expect, it } from 'vitest';
import { quatToMat3 } from '../../camera';
import { EARTH_RADIUS_M, latLonToMercator, mercatorScale, oxtsLocalPoses, oxtsMercatorPose, parseOxtsLine, type OxtsPacket } from './oxtsPoses';

const rx = (a: number) => [1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)];
const ry = (a: number) => [Math.cos(a), 0, Math.sin(a), 0, 1, 0, -Math.sin(a), 0, Math.cos(a)];
const rz = (a: number) => [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
const mul = (a: number[], b: number[]) => Array.from({ length: 9 }, (_, k) => {
  const i = Math.floor(k / 3);
  const j = k % 3;
  return a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
});

const packet = (over: Partial<OxtsPacket> = {}): OxtsPacket => ({ lat: 49.0, lon: 8.4, alt: 110, roll: 0, pitch: 0, yaw: 0, ...over });

describe('OXTS poses', () => {
  it('parses the first six values and names the one that is wrong', () => {
    const line = '49.015 8.43 112.5 0.01 -0.02 1.5 ' + Array(24).fill('0').join(' ');
    expect(parseOxtsLine(line)).toEqual({ lat: 49.015, lon: 8.43, alt: 112.5, roll: 0.01, pitch: -0.02, yaw: 1.5 });
    expect(() => parseOxtsLine('49 8.4 110 nan 0 0')).toThrow('roll (value 4) is "nan", not a finite number');
    expect(() => parseOxtsLine('49 8.4')).toThrow('expected 30 values');
    expect(() => parseOxtsLine('149 8.4 1 0 0 0')).toThrow('not a position on Earth');
  });

  it('rotates by Rz(yaw) · Ry(pitch) · Rx(roll), as the OXTS manual and the devkit do', () => {
    const p = packet({ roll: 0.1, pitch: -0.25, yaw: 2.2 });
    const r = quatToMat3(oxtsMercatorPose(p, 1).rotation);
    mul(rz(2.2), mul(ry(-0.25), rx(0.1))).forEach((v, i) => expect(r[i]).toBeCloseTo(v, 14));
  });

  it('uses the Mercator projection scaled at the reference latitude: metres are true there', () => {
    const scale = mercatorScale(49);
    expect(scale).toBeCloseTo(Math.cos((49 * Math.PI) / 180), 15);
    const [x0, y0] = latLonToMercator(49, 8.4, scale);
    // One microdegree of longitude at 49° N is cos(49°) · R · π / 180 · 1e-6 m east.
    const [x1] = latLonToMercator(49, 8.400001, scale);
    expect(x1 - x0).toBeCloseTo((scale * EARTH_RADIUS_M * Math.PI) / 180 * 1e-6, 9);
    const [, y1] = latLonToMercator(49.000001, 8.4, scale);
    expect(y1 - y0).toBeCloseTo((EARTH_RADIUS_M * Math.PI) / 180 * 1e-6, 6);
  });

  it('makes poses relative to the first valid packet, and a missing packet keeps the previous pose', () => {
    const poses = oxtsLocalPoses([null, packet({ yaw: 0.5 }), packet({ lon: 8.4001, yaw: 0.5 }), null]);
    expect(poses[0]).toEqual({ translation: [0, 0, 0], rotation: [0, 0, 0, 1] });
    expect(poses[1].translation).toEqual([0, 0, 0]);
    expect(poses[1].rotation[3]).toBeCloseTo(1, 15);
    // 1e-4° of longitude east, seen from a vehicle heading 0.5 rad north of east.
    const east = (mercatorScale(49) * EARTH_RADIUS_M * Math.PI) / 180 * 1e-4;
    expect(poses[2].translation[0]).toBeCloseTo(east * Math.cos(0.5), 6);
    expect(poses[2].translation[1]).toBeCloseTo(-east * Math.sin(0.5), 6);
    expect(poses[3]).toBe(poses[2]);
    expect(oxtsLocalPoses([null, null])).toEqual([{ translation: [0, 0, 0], rotation: [0, 0, 0, 1] }, { translation: [0, 0, 0], rotation: [0, 0, 0, 1] }]);
  });
});
