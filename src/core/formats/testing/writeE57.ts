import type { RigidTransform } from '../../camera/rigidTransform';
import { utf8Bytes } from '../../model/sha1';
import { crc32c } from '../e57/crc32c';

/** A prototype field of a test scan; integer kinds take every value as the raw integer. */
export interface E57FixtureField {
  readonly name: string;
  readonly kind: 'float32' | 'float64' | 'integer' | 'scaledInteger';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly scale?: number;
  readonly offset?: number;
}

export interface E57FixtureScan {
  readonly name: string;
  readonly pose?: RigidTransform;
  readonly fields: readonly E57FixtureField[];
  /** One row a record, values in field order (raw integers for integer kinds). */
  readonly records: readonly (readonly number[])[];
  /** Into how many data packets each field's bytestream is cut (at byte boundaries, so values straddle them). */
  readonly packets?: number;
  readonly cartesianBounds?: { readonly min: readonly number[]; readonly max: readonly number[] };
}

export interface E57FixtureImage {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly kind: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  readonly pose?: RigidTransform;
  readonly associatedScan?: number;
  readonly pinhole?: { focalLength: number; pixelWidth: number; pixelHeight: number; principalPointX: number; principalPointY: number };
}

const PAGE = 1024;
const PAYLOAD = PAGE - 4;
const physicalOf = (logical: number) => Math.floor(logical / PAYLOAD) * PAGE + (logical % PAYLOAD);

class Stream {
  bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  u16(v: number) {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u64(v: number) {
    for (let i = 0; i < 8; i++) this.u8(Math.floor(v / 2 ** (8 * i)));
  }
  raw(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i]);
  }
  pad4() {
    while (this.bytes.length % 4) this.u8(0);
  }
  patchU64(at: number, v: number) {
    for (let i = 0; i < 8; i++) this.bytes[at + i] = Math.floor(v / 2 ** (8 * i)) & 0xff;
  }
}

const bitsOf = (f: E57FixtureField) => {
  if (f.kind === 'float32') return 32;
  if (f.kind === 'float64') return 64;
  const range = (f.maximum ?? 0) - (f.minimum ?? 0);
  return range === 0 ? 0 : Math.floor(Math.log2(range)) + 1;
};

/** A field's whole bytestream: floats little endian, integers as value − minimum, least significant bit first. */
function fieldStream(f: E57FixtureField, values: readonly number[]): number[] {
  const out: number[] = [];
  if (f.kind === 'float32' || f.kind === 'float64') {
    const b = new Uint8Array(f.kind === 'float32' ? 4 : 8);
    const v = new DataView(b.buffer);
    for (const x of values) {
      if (f.kind === 'float32') v.setFloat32(0, x, true);
      else v.setFloat64(0, x, true);
      out.push(...b);
    }
    return out;
  }
  const bits = bitsOf(f);
  let acc = 0;
  let have = 0;
  for (const x of values) {
    let v = x - (f.minimum ?? 0);
    for (let got = 0; got < bits; got++) {
      acc |= (v % 2) << have;
      v = Math.floor(v / 2);
      if (++have === 8) {
        out.push(acc);
        acc = 0;
        have = 0;
      }
    }
  }
  if (have) out.push(acc);
  return out;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toExponential(17));
const poseXml = (p: RigidTransform | undefined) =>
  p
    ? `<pose type="Structure"><rotation type="Structure"><w type="Float">${num(p.rotation[3])}</w><x type="Float">${num(p.rotation[0])}</x><y type="Float">${num(p.rotation[1])}</y><z type="Float">${num(p.rotation[2])}</z></rotation><translation type="Structure"><x type="Float">${num(p.translation[0])}</x><y type="Float">${num(p.translation[1])}</y><z type="Float">${num(p.translation[2])}</z></translation></pose>`
    : '';

function fieldXml(f: E57FixtureField): string {
  if (f.kind === 'float32' || f.kind === 'float64') return `<${f.name} type="Float" precision="${f.kind === 'float32' ? 'single' : 'double'}"/>`;
  const scaled = f.kind === 'scaledInteger' ? ` scale="${num(f.scale ?? 1)}" offset="${num(f.offset ?? 0)}"` : '';
  return `<${f.name} type="${f.kind === 'integer' ? 'Integer' : 'ScaledInteger'}" minimum="${f.minimum ?? 0}" maximum="${f.maximum ?? 0}"${scaled}/>`;
}

/** A small E57 file as libE57Format lays one out: header, compressed vectors, blobs, XML, 1024-byte pages with CRC-32C. */
export function writeE57(options: { scans?: readonly E57FixtureScan[]; images?: readonly E57FixtureImage[] }): Uint8Array {
  const s = new Stream();
  s.raw(new Array(48).fill(0));
  const scanXml: string[] = [];
  (options.scans ?? []).forEach((scan, index) => {
    s.pad4();
    const start = s.bytes.length;
    s.u8(1);
    s.raw(new Array(7).fill(0));
    s.u64(0);
    s.u64(physicalOf(start + 32));
    s.u64(0);
    const streams = scan.fields.map((f, k) => fieldStream(f, scan.records.map((r) => r[k])));
    const packets = Math.max(1, scan.packets ?? 1);
    for (let p = 0; p < packets; p++) {
      const parts = streams.map((b) => b.slice(Math.floor((b.length * p) / packets), Math.floor((b.length * (p + 1)) / packets)));
      const at = s.bytes.length;
      s.u8(1);
      s.u8(0);
      s.u16(0);
      s.u16(parts.length);
      parts.forEach((b) => s.u16(b.length));
      parts.forEach((b) => s.raw(b));
      s.pad4();
      const length = s.bytes.length - at;
      s.bytes[at + 2] = (length - 1) & 0xff;
      s.bytes[at + 3] = (length - 1) >>> 8;
    }
    s.patchU64(start + 8, s.bytes.length - start);
    const b = scan.cartesianBounds;
    const bounds = b
      ? `<cartesianBounds type="Structure">${['x', 'y', 'z'].map((a, k) => `<${a}Minimum type="Float">${num(b.min[k])}</${a}Minimum><${a}Maximum type="Float">${num(b.max[k])}</${a}Maximum>`).join('')}</cartesianBounds>`
      : '';
    scanXml.push(
      `<vectorChild type="Structure"><guid type="String"><![CDATA[scan-${index}]]></guid><name type="String"><![CDATA[${scan.name}]]></name>${poseXml(scan.pose)}${bounds}` +
        `<points type="CompressedVector" fileOffset="${physicalOf(start)}" recordCount="${scan.records.length}"><prototype type="Structure">${scan.fields.map(fieldXml).join('')}</prototype><codecs type="Vector" allowHeterogeneousChildren="1"/></points></vectorChild>`,
    );
  });
  const imageXml = (options.images ?? []).map((im) => {
    s.pad4();
    const start = s.bytes.length;
    s.u8(0);
    s.raw(new Array(7).fill(0));
    s.u64(16 + im.bytes.length);
    s.raw(im.bytes);
    const blob = `<${im.kind}Image type="Blob" fileOffset="${physicalOf(start)}" length="${im.bytes.length}"/>`;
    const size = `<imageWidth type="Integer">${im.width}</imageWidth><imageHeight type="Integer">${im.height}</imageHeight>`;
    const p = im.pinhole;
    const rep = p
      ? `<pinholeRepresentation type="Structure">${blob}${size}<focalLength type="Float">${num(p.focalLength)}</focalLength><pixelWidth type="Float">${num(p.pixelWidth)}</pixelWidth><pixelHeight type="Float">${num(p.pixelHeight)}</pixelHeight><principalPointX type="Float">${num(p.principalPointX)}</principalPointX><principalPointY type="Float">${num(p.principalPointY)}</principalPointY></pinholeRepresentation>`
      : `<visualReferenceRepresentation type="Structure">${blob}${size}</visualReferenceRepresentation>`;
    const assoc = im.associatedScan === undefined ? '' : `<associatedData3DGuid type="String"><![CDATA[scan-${im.associatedScan}]]></associatedData3DGuid>`;
    return `<vectorChild type="Structure"><guid type="String"><![CDATA[image-${im.name}]]></guid><name type="String"><![CDATA[${im.name}]]></name>${assoc}${poseXml(im.pose)}${rep}</vectorChild>`;
  });
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<e57Root type="Structure" xmlns="http://www.astm.org/COMMIT/E57/2010-e57-v1.0"><formatName type="String"><![CDATA[ASTM E57 3D Imaging Data File]]></formatName><guid type="String"><![CDATA[cairn-fixture]]></guid><versionMajor type="Integer">1</versionMajor><versionMinor type="Integer"/>' +
    `<data3D type="Vector" allowHeterogeneousChildren="1">${scanXml.join('')}</data3D><images2D type="Vector" allowHeterogeneousChildren="1">${imageXml.join('')}</images2D></e57Root>\n`;
  s.pad4();
  const xmlStart = s.bytes.length;
  const xmlBytes = utf8Bytes(xml);
  s.raw(xmlBytes);
  const logical = s.bytes;
  const pages = Math.max(1, Math.ceil(logical.length / PAYLOAD));
  const out = new Uint8Array(pages * PAGE);
  for (let p = 0; p < pages; p++) out.set(logical.slice(p * PAYLOAD, (p + 1) * PAYLOAD), p * PAGE);
  out.set([...'ASTM-E57'].map((c) => c.charCodeAt(0)), 0);
  const v = new DataView(out.buffer);
  v.setUint32(8, 1, true);
  v.setBigUint64(16, BigInt(out.length), true);
  v.setBigUint64(24, BigInt(physicalOf(xmlStart)), true);
  v.setBigUint64(32, BigInt(xmlBytes.length), true);
  v.setBigUint64(40, BigInt(PAGE), true);
  for (let p = 0; p < pages; p++) v.setUint32(p * PAGE + PAYLOAD, crc32c(out, p * PAGE, p * PAGE + PAYLOAD), false);
  return out;
}

/** Recomputes every page's CRC-32C, so a corrupted page reaches the parser instead of failing its checksum. */
export function resealE57Pages(bytes: Uint8Array): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = 0; (p + 1) * PAGE <= bytes.byteLength; p++) v.setUint32(p * PAGE + PAYLOAD, crc32c(bytes, p * PAGE, p * PAGE + PAYLOAD), false);
  return bytes;
}
