import { FormatError } from '../../io/byteSource';
import type { XmlElement } from './xmlTree';

/**
 * Reading E57's XML tree: every node has a `type` (Structure, Vector, CompressedVector, Integer,
 * ScaledInteger, Float, String, Blob); terminals hold their value as text (empty means 0 or "").
 * Errors name the file and the byte where the element starts.
 */
export class E57Xml {
  constructor(
    readonly file: string,
    /** The file offset of a character of the XML text. */
    private readonly offsetOf: (at: number) => number,
  ) {}

  fail(el: XmlElement | null, problem: string): never {
    throw new FormatError(this.file, el ? this.offsetOf(el.at) : null, problem);
  }

  typeOf(el: XmlElement, path: string): string {
    const type = el.attributes.type;
    if (!type) this.fail(el, `E57 element ${path} has no type attribute`);
    return type;
  }

  child(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  require(el: XmlElement, name: string, path: string): XmlElement {
    const c = this.child(el, name);
    if (!c) this.fail(el, `E57 element ${path} lacks its child ${name}`);
    return c;
  }

  /** Children of a Vector (their element names carry no meaning). */
  items(el: XmlElement, path: string): XmlElement[] {
    const type = this.typeOf(el, path);
    if (type !== 'Vector') this.fail(el, `E57 element ${path} is a ${type}, not a Vector`);
    return el.children;
  }

  /** An Integer, ScaledInteger or Float's value (ScaledInteger with its scale and offset applied). */
  number(el: XmlElement, path: string): number {
    const type = this.typeOf(el, path);
    const text = el.text.trim();
    if (type === 'Integer' || type === 'ScaledInteger') {
      if (text !== '' && !/^[+-]?\d+$/.test(text)) this.fail(el, `E57 ${type} ${path} holds "${text.slice(0, 40)}", not an integer`);
      const raw = text === '' ? 0 : Number(text);
      return type === 'Integer' ? raw : raw * this.attributeNumber(el, 'scale', 1, path) + this.attributeNumber(el, 'offset', 0, path);
    }
    if (type === 'Float') {
      const v = text === '' ? 0 : Number(text);
      if (text !== '' && Number.isNaN(v) && !/^[+-]?nan$/i.test(text)) this.fail(el, `E57 Float ${path} holds "${text.slice(0, 40)}", not a number`);
      return v;
    }
    this.fail(el, `E57 element ${path} is a ${type}, not a number`);
  }

  optionalNumber(parent: XmlElement, name: string, path: string): number | undefined {
    const c = this.child(parent, name);
    return c ? this.number(c, `${path}/${name}`) : undefined;
  }

  string(el: XmlElement, path: string): string {
    const type = this.typeOf(el, path);
    if (type !== 'String') this.fail(el, `E57 element ${path} is a ${type}, not a String`);
    return el.text;
  }

  optionalString(parent: XmlElement, name: string, path: string): string | undefined {
    const c = this.child(parent, name);
    return c ? this.string(c, `${path}/${name}`) : undefined;
  }

  attributeNumber(el: XmlElement, name: string, fallback: number, path: string): number {
    const text = el.attributes[name];
    if (text === undefined) return fallback;
    const v = Number(text);
    if (text.trim() === '' || Number.isNaN(v)) this.fail(el, `E57 element ${path}: attribute ${name}="${text.slice(0, 40)}" is not a number`);
    return v;
  }

  /** An integer attribute that must be exact (offsets, lengths, counts, integer bounds). */
  attributeBigInt(el: XmlElement, name: string, fallback: bigint | null, path: string): bigint {
    const text = el.attributes[name];
    if (text === undefined) {
      if (fallback === null) this.fail(el, `E57 element ${path} lacks its ${name} attribute`);
      return fallback;
    }
    if (!/^\s*[+-]?\d{1,20}\s*$/.test(text)) this.fail(el, `E57 element ${path}: attribute ${name}="${text.slice(0, 40)}" is not an integer`);
    return BigInt(text.trim());
  }

  /** A file offset or a length: a non-negative integer a JS number holds exactly. */
  attributeCount(el: XmlElement, name: string, path: string): number {
    const v = this.attributeBigInt(el, name, null, path);
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(el, `E57 element ${path}: ${name} ${v} is out of range`);
    return Number(v);
  }
}
