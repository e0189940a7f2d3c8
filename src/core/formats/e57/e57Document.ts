import type { RigidTransform } from '../../camera/rigidTransform';
import { FormatError } from '../../io/byteSource';
import { utf8 } from '../binary';
import { E57Xml } from './e57Elements';
import { prototypeFields, type E57Field } from './e57Fields';
import type { E57Pages } from './e57Pages';
import { parseXml, XmlSyntaxError, type XmlElement } from './xmlTree';

type Bounds = { readonly min: readonly [number, number, number]; readonly max: readonly [number, number, number] };

/** One data3D entry: a scan, with where its points are and how they are encoded. */
export interface E57Scan {
  readonly index: number;
  readonly guid: string;
  readonly name: string;
  readonly description?: string;
  /** fileFromScan: maps the scan's own coordinates to the file's; the identity when the file gives none. */
  readonly pose: RigidTransform;
  readonly hasPose: boolean;
  readonly recordCount: number;
  readonly fields: readonly E57Field[];
  readonly coordinates: 'cartesian' | 'spherical';
  /** The cartesianBounds element, in the scan's own coordinates. */
  readonly cartesianBounds?: Bounds;
  readonly intensityLimits?: readonly [number, number];
  readonly colorLimits?: { readonly min: readonly [number, number, number]; readonly max: readonly [number, number, number] };
  /** Physical offset of the points' compressed vector section. */
  readonly pointsOffset: number;
}

export type E57ImageRepresentation = 'pinhole' | 'spherical' | 'cylindrical' | 'visualReference';

export interface E57BlobRef {
  /** Physical offset of the blob section. */
  readonly fileOffset: number;
  readonly length: number;
  readonly kind: 'jpeg' | 'png';
}

/** One images2D entry with its first usable representation. */
export interface E57Image {
  readonly index: number;
  readonly guid: string;
  readonly name: string;
  readonly description?: string;
  readonly associatedScanGuid?: string;
  /** fileFromCamera, where the image has a pose. */
  readonly pose?: RigidTransform;
  readonly representation: E57ImageRepresentation;
  readonly blob: E57BlobRef;
  readonly width: number;
  readonly height: number;
  /** Pinhole: metres and pixels as the standard gives them. */
  readonly pinhole?: { readonly focalLength: number; readonly pixelWidth: number; readonly pixelHeight: number; readonly principalPointX: number; readonly principalPointY: number };
  /** Spherical and cylindrical: pixel size in radians (cylindrical: metres along the axis for height). */
  readonly pixelWidth?: number;
  readonly pixelHeight?: number;
  /** Numeric values of an extension structure named "…:distortion" (Leica's CV_K1…, CV_FX…), by local name. */
  readonly distortion?: Readonly<Record<string, number>>;
}

export interface E57Document {
  readonly guid: string;
  readonly library?: string;
  readonly scans: readonly E57Scan[];
  readonly images: readonly E57Image[];
  /** The XML section as written, for tools that want what Cairn does not read. */
  readonly xml: string;
}

const REPRESENTATIONS: readonly [string, E57ImageRepresentation][] = [
  ['pinholeRepresentation', 'pinhole'],
  ['sphericalRepresentation', 'spherical'],
  ['cylindricalRepresentation', 'cylindrical'],
  ['visualReferenceRepresentation', 'visualReference'],
];
const MAX_XML = 256 << 20;

/** Reads and parses the XML section and describes every scan and image in it. */
export async function readE57Document(pages: E57Pages): Promise<E57Document> {
  const { file, header } = pages;
  if (header.xmlLength > MAX_XML) throw new FormatError(file, 32, `E57 XML section of ${header.xmlLength} bytes is over the ${MAX_XML >> 20} MiB this reader takes`);
  const xmlStart = pages.logicalOf(header.xmlOffset, 'XML section');
  const bytes = await pages.read(xmlStart, header.xmlLength, 'XML section');
  const text = utf8(bytes);
  const offsetOf = (at: number) => pages.physicalOf(xmlStart + utf8Length(text, at));
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new FormatError(file, offsetOf(e.at), `E57 XML section: ${e.message}`);
    throw e;
  }
  const xml = new E57Xml(file, offsetOf);
  if (root.name !== 'e57Root' || xml.typeOf(root, 'e57Root') !== 'Structure') xml.fail(root, `E57 XML root is <${root.name}>, not an e57Root Structure`);
  const data3D = xml.child(root, 'data3D');
  const images2D = xml.child(root, 'images2D');
  const scans = data3D ? xml.items(data3D, '/data3D').map((el, i) => readScan(xml, el, i)) : [];
  const images = images2D ? xml.items(images2D, '/images2D').map((el, i) => readImage(xml, el, i)).filter((im): im is E57Image => im !== null) : [];
  return { guid: xml.optionalString(root, 'guid', '') ?? '', library: xml.optionalString(root, 'e57LibraryVersion', ''), scans, images, xml: text };
}

function utf8Length(text: string, chars: number): number {
  let n = 0;
  for (let i = 0; i < chars && i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return n;
}

function readPose(xml: E57Xml, parent: XmlElement, path: string): RigidTransform | undefined {
  const pose = xml.child(parent, 'pose');
  if (!pose) return undefined;
  const rotation = xml.child(pose, 'rotation');
  const translation = xml.child(pose, 'translation');
  const n = (el: XmlElement | undefined, name: string, fallback: number) => (el ? (xml.optionalNumber(el, name, `${path}/pose/${el.name}`) ?? fallback) : fallback);
  const q = [n(rotation, 'x', 0), n(rotation, 'y', 0), n(rotation, 'z', 0), n(rotation, 'w', 1)];
  const norm = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(norm > 0) || !Number.isFinite(norm)) xml.fail(pose, `E57 ${path}/pose has a rotation quaternion of length ${norm}`);
  const t: [number, number, number] = [n(translation, 'x', 0), n(translation, 'y', 0), n(translation, 'z', 0)];
  if (!t.every(Number.isFinite)) xml.fail(pose, `E57 ${path}/pose has a translation that is not finite`);
  // E57 writes (w, x, y, z); Cairn's quaternions are (x, y, z, w). Writers do not all normalise.
  return { translation: t, rotation: [q[0] / norm, q[1] / norm, q[2] / norm, q[3] / norm] };
}

function readScan(xml: E57Xml, el: XmlElement, index: number): E57Scan {
  const path = `/data3D/${index}`;
  const points = xml.require(el, 'points', path);
  if (xml.typeOf(points, `${path}/points`) !== 'CompressedVector') xml.fail(points, `E57 ${path}/points is not a CompressedVector`);
  const prototype = xml.require(points, 'prototype', `${path}/points`);
  const codecs = xml.child(points, 'codecs');
  if (codecs && codecs.children.length > 0) xml.fail(codecs, `E57 ${path}/points names ${codecs.children.length} codec(s); only the default bitpack codec is supported`);
  const fields = prototypeFields(xml, prototype, `${path}/points/prototype`);
  const has = (name: string) => fields.some((f) => f.name === name);
  const coordinates = has('cartesianX') && has('cartesianY') && has('cartesianZ') ? 'cartesian' : has('sphericalRange') && has('sphericalAzimuth') && has('sphericalElevation') ? 'spherical' : null;
  if (!coordinates) xml.fail(prototype, `E57 ${path}/points has neither cartesianX/Y/Z nor sphericalRange/Azimuth/Elevation (fields: ${fields.map((f) => f.name).join(' ') || 'none'})`);
  const pose = readPose(xml, el, path);
  const bounds = xml.child(el, 'cartesianBounds');
  const b = (name: string) => xml.optionalNumber(bounds!, name, `${path}/cartesianBounds`);
  const cartesianBounds = bounds && ['xMinimum', 'yMinimum', 'zMinimum', 'xMaximum', 'yMaximum', 'zMaximum'].every((k) => xml.child(bounds, k))
    ? { min: [b('xMinimum')!, b('yMinimum')!, b('zMinimum')!] as const, max: [b('xMaximum')!, b('yMaximum')!, b('zMaximum')!] as const }
    : undefined;
  const il = xml.child(el, 'intensityLimits');
  const intensityLimits = il && xml.child(il, 'intensityMaximum') ? ([xml.optionalNumber(il, 'intensityMinimum', `${path}/intensityLimits`) ?? 0, xml.optionalNumber(il, 'intensityMaximum', `${path}/intensityLimits`)!] as const) : undefined;
  const cl = xml.child(el, 'colorLimits');
  const c = (name: string, fallback: number) => xml.optionalNumber(cl!, name, `${path}/colorLimits`) ?? fallback;
  const colorLimits = cl
    ? { min: [c('colorRedMinimum', 0), c('colorGreenMinimum', 0), c('colorBlueMinimum', 0)] as const, max: [c('colorRedMaximum', 0), c('colorGreenMaximum', 0), c('colorBlueMaximum', 0)] as const }
    : undefined;
  return {
    index,
    guid: xml.optionalString(el, 'guid', path) ?? '',
    name: xml.optionalString(el, 'name', path) ?? `scan ${index}`,
    ...(xml.child(el, 'description') && { description: xml.optionalString(el, 'description', path) }),
    pose: pose ?? { translation: [0, 0, 0], rotation: [0, 0, 0, 1] },
    hasPose: pose !== undefined,
    recordCount: xml.attributeCount(points, 'recordCount', `${path}/points`),
    fields,
    coordinates,
    ...(cartesianBounds && { cartesianBounds }),
    ...(intensityLimits && { intensityLimits }),
    ...(colorLimits && { colorLimits }),
    pointsOffset: xml.attributeCount(points, 'fileOffset', `${path}/points`),
  };
}

function readImage(xml: E57Xml, el: XmlElement, index: number): E57Image | null {
  const path = `/images2D/${index}`;
  const found = REPRESENTATIONS.map(([name, kind]) => ({ rep: xml.child(el, name), kind, name })).find((r) => r.rep);
  if (!found) return null;
  const { rep, kind, name } = found as { rep: XmlElement; kind: E57ImageRepresentation; name: string };
  const where = `${path}/${name}`;
  const blobEl = xml.child(rep, 'jpegImage') ?? xml.child(rep, 'pngImage');
  if (!blobEl) xml.fail(rep, `E57 ${where} has neither jpegImage nor pngImage`);
  if (xml.typeOf(blobEl, `${where}/${blobEl.name}`) !== 'Blob') xml.fail(blobEl, `E57 ${where}/${blobEl.name} is not a Blob`);
  const blob: E57BlobRef = { fileOffset: xml.attributeCount(blobEl, 'fileOffset', `${where}/${blobEl.name}`), length: xml.attributeCount(blobEl, 'length', `${where}/${blobEl.name}`), kind: blobEl.name === 'jpegImage' ? 'jpeg' : 'png' };
  const num = (n: string) => xml.optionalNumber(rep, n, where) ?? 0;
  const pose = readPose(xml, el, path);
  const associated = xml.optionalString(el, 'associatedData3DGuid', path);
  const distortionEl = el.children.find((c) => c.name === 'distortion' || c.name.endsWith(':distortion'));
  let distortion: Record<string, number> | undefined;
  if (distortionEl && distortionEl.attributes.type === 'Structure') {
    distortion = {};
    for (const c of distortionEl.children) {
      const t = c.attributes.type;
      if (t === 'Float' || t === 'Integer' || t === 'ScaledInteger') distortion[c.name.slice(c.name.indexOf(':') + 1)] = xml.number(c, `${path}/${distortionEl.name}/${c.name}`);
    }
  }
  return {
    index,
    guid: xml.optionalString(el, 'guid', path) ?? '',
    name: xml.optionalString(el, 'name', path) ?? `image ${index}`,
    ...(xml.child(el, 'description') && { description: xml.optionalString(el, 'description', path) }),
    ...(associated && { associatedScanGuid: associated }),
    ...(pose && { pose }),
    representation: kind,
    blob,
    width: num('imageWidth'),
    height: num('imageHeight'),
    ...(kind === 'pinhole' && { pinhole: { focalLength: num('focalLength'), pixelWidth: num('pixelWidth'), pixelHeight: num('pixelHeight'), principalPointX: num('principalPointX'), principalPointY: num('principalPointY') } }),
    ...((kind === 'spherical' || kind === 'cylindrical') && { pixelWidth: num('pixelWidth'), pixelHeight: num('pixelHeight') }),
    ...(distortion && { distortion }),
  };
}
