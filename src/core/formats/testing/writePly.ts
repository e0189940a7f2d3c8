import { concat } from './writePcd';

/** Writes small PLY files with known contents, for reader tests. */

export type PlyFixtureType = 'char' | 'uchar' | 'short' | 'ushort' | 'int' | 'uint' | 'float' | 'double';

export interface PlyFixture {
  readonly encoding: 'ascii' | 'binary_little_endian' | 'binary_big_endian';
  readonly properties: readonly { name: string; type: PlyFixtureType }[];
  readonly vertices: readonly (readonly number[])[];
  /** Triangles after the vertices (vertex_indices as uchar count + int items). */
  readonly faces?: readonly (readonly number[])[];
}

const SIZE: Record<PlyFixtureType, number> = { char: 1, uchar: 1, short: 2, ushort: 2, int: 4, uint: 4, float: 4, double: 8 };

export function writePly(f: PlyFixture): Uint8Array {
  const faces = f.faces ?? [];
  const header = [
    'ply',
    `format ${f.encoding} 1.0`,
    'comment cairn fixture',
    `element vertex ${f.vertices.length}`,
    ...f.properties.map((p) => `property ${p.type} ${p.name}`),
    `element face ${faces.length}`,
    'property list uchar int vertex_indices',
    'end_header',
    '',
  ].join('\n');
  const head = Uint8Array.from(header, (c) => c.charCodeAt(0));
  if (f.encoding === 'ascii') {
    const rows = [...f.vertices.map((r) => r.join(' ')), ...faces.map((r) => `${r.length} ${r.join(' ')}`)];
    const body = rows.join('\n') + '\n';
    return concat(head, Uint8Array.from(body, (c) => c.charCodeAt(0)));
  }
  const le = f.encoding === 'binary_little_endian';
  const stride = f.properties.reduce((n, p) => n + SIZE[p.type], 0);
  const faceBytes = faces.reduce((n, r) => n + 1 + 4 * r.length, 0);
  const body = new Uint8Array(stride * f.vertices.length + faceBytes);
  const v = new DataView(body.buffer);
  let at = 0;
  for (const row of f.vertices) {
    f.properties.forEach((p, i) => {
      const x = row[i];
      switch (p.type) {
        case 'char': v.setInt8(at, x); break;
        case 'uchar': v.setUint8(at, x); break;
        case 'short': v.setInt16(at, x, le); break;
        case 'ushort': v.setUint16(at, x, le); break;
        case 'int': v.setInt32(at, x, le); break;
        case 'uint': v.setUint32(at, x, le); break;
        case 'float': v.setFloat32(at, x, le); break;
        case 'double': v.setFloat64(at, x, le); break;
      }
      at += SIZE[p.type];
    });
  }
  for (const r of faces) {
    v.setUint8(at++, r.length);
    for (const i of r) {
      v.setInt32(at, i, le);
      at += 4;
    }
  }
  return concat(head, body);
}

export function writeKittiBin(points: readonly (readonly number[])[], stride: 4 | 5): Uint8Array {
  const out = new Float32Array(points.length * stride);
  points.forEach((p, i) => out.set(p.slice(0, stride), i * stride));
  return new Uint8Array(out.buffer);
}
