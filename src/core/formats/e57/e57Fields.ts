import type { E57Xml } from './e57Elements';
import type { XmlElement } from './xmlTree';

/** One terminal of a compressed vector's prototype: one bytestream in every data packet. */
export interface E57Field {
  /** Its path inside the prototype ("cartesianX", "cartesianBounds/xMinimum"). */
  readonly name: string;
  readonly kind: 'float' | 'integer' | 'scaledInteger';
  /** Bits a value takes in the bytestream: 32 or 64 for floats, ⌈log2(max − min + 1)⌉ for integers. */
  readonly bits: number;
  /** The declared range of the field's value (scaled for ScaledInteger); may be absent for floats. */
  readonly minimum: number;
  readonly maximum: number;
  /** Integers: the raw minimum, added to each unpacked value. */
  readonly rawMinimum: number;
  readonly scale: number;
  readonly offset: number;
}

/** Integer bounds beyond this many bits cannot be packed by any writer we know of. */
const MAX_INTEGER_BITS = 64;

/** The prototype's terminals in bytestream order (depth first, as written). */
export function prototypeFields(xml: E57Xml, prototype: XmlElement, path: string): E57Field[] {
  const fields: E57Field[] = [];
  const visit = (el: XmlElement, name: string, where: string) => {
    const type = xml.typeOf(el, where);
    switch (type) {
      case 'Structure':
        for (const c of el.children) visit(c, name ? `${name}/${c.name}` : c.name, `${where}/${c.name}`);
        return;
      case 'Float': {
        const precision = el.attributes.precision ?? 'double';
        if (precision !== 'single' && precision !== 'double') xml.fail(el, `E57 Float ${where} has precision "${precision}" (single or double)`);
        fields.push({
          name,
          kind: 'float',
          bits: precision === 'single' ? 32 : 64,
          minimum: xml.attributeNumber(el, 'minimum', -Infinity, where),
          maximum: xml.attributeNumber(el, 'maximum', Infinity, where),
          rawMinimum: 0,
          scale: 1,
          offset: 0,
        });
        return;
      }
      case 'Integer':
      case 'ScaledInteger': {
        const min = xml.attributeBigInt(el, 'minimum', -(1n << 63n), where);
        const max = xml.attributeBigInt(el, 'maximum', (1n << 63n) - 1n, where);
        if (max < min) xml.fail(el, `E57 ${type} ${where} has maximum ${max} below its minimum ${min}`);
        const bits = (max - min).toString(2).length - (max === min ? 1 : 0);
        if (bits > MAX_INTEGER_BITS) xml.fail(el, `E57 ${type} ${where} spans more than ${MAX_INTEGER_BITS} bits`);
        const scale = type === 'ScaledInteger' ? xml.attributeNumber(el, 'scale', 1, where) : 1;
        const offset = type === 'ScaledInteger' ? xml.attributeNumber(el, 'offset', 0, where) : 0;
        const lo = Number(min) * scale + offset;
        const hi = Number(max) * scale + offset;
        fields.push({ name, kind: type === 'Integer' ? 'integer' : 'scaledInteger', bits, minimum: Math.min(lo, hi), maximum: Math.max(lo, hi), rawMinimum: Number(min), scale, offset });
        return;
      }
      default:
        xml.fail(el, `E57 prototype element ${where} is a ${type}; only Integer, ScaledInteger and Float fields can be read`);
    }
  };
  visit(prototype, '', path);
  return fields;
}
