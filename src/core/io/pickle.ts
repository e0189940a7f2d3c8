/**
 * A reader for the Python pickles that dataset tools ship their labels in (mmdetection3d's info
 * files): plain data only. Dicts, lists, tuples, strings, numbers, bytes, and numpy scalars and
 * arrays come back as JavaScript values; any other class the pickle names is refused, so reading
 * a file never runs or imitates arbitrary Python. Protocols 2–5 (in-band buffers only).
 */
import { latin1, utf8 } from '../formats/binary';
import { FormatError } from './byteSource';

/** A numpy array: C-order data in a typed array of its dtype (little- or big-endian on disk). */
export interface NdArray {
  readonly kind: 'ndarray';
  /** numpy's dtype string, e.g. 'f8', 'i4', 'b1'. */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;
}

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | NdArray
  | PickleValue[]
  | { [key: string]: PickleValue };

/** A class or function the pickle names; only the few below are ever called. */
class Global {
  constructor(readonly module: string, readonly name: string) {}
  get path() {
    return `${this.module}.${this.name}`;
  }
}

/** numpy.dtype(...) before and after its BUILD (which brings the byte order). */
class DType {
  order = '<';
  constructor(readonly code: string) {}
}

/** numpy's _reconstruct(ndarray, (0,), b'b'): an empty array waiting for its BUILD state. */
class PendingArray {
  array: NdArray | null = null;
}

const Mark = Symbol('mark');
type Item = PickleValue | Global | DType | PendingArray | typeof Mark;

/** numpy moved its core modules in 2.0; pickles name either. */
const NUMPY_CORE = new Set(['numpy.core.multiarray', 'numpy._core.multiarray']);
const NUMPY_NUMERIC = new Set(['numpy.core.numeric', 'numpy._core.numeric']);

/**
 * The value in a pickle. Throws a FormatError (naming `source` and the byte) on a truncated or
 * malformed stream, an unknown opcode, or a class other than numpy's scalar, dtype and ndarray.
 */
export function readPickle(bytes: Uint8Array, source: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Item[] = [];
  const memo = new Map<number, Item>();
  let pos = 0;
  let opAt = 0;
  const fail = (problem: string): never => {
    throw new FormatError(source, opAt, problem);
  };
  const need = (n: number) => {
    if (pos + n > bytes.byteLength) fail('the pickle ends in the middle of an opcode');
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('a length beyond 2^53');
    return Number(v);
  };
  const take = (n: number) => (need(n), (pos += n), bytes.subarray(pos - n, pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('the pickle ends in the middle of a line');
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const text = (n: number) => utf8(take(n));
  const pop = (): Item => (stack.length ? stack.pop()! : fail('the stack is empty'));
  const top = (): Item => (stack.length ? stack[stack.length - 1] : fail('the stack is empty'));
  const popMark = (): Item[] => {
    const at = stack.lastIndexOf(Mark);
    if (at < 0) fail('no MARK to pop to');
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const plain = (v: Item): PickleValue => {
    if (v === Mark || v instanceof Global || v instanceof DType) return fail('a class or dtype stands where a value should');
    if (v instanceof PendingArray) return v.array ?? fail('a numpy array was never given its data');
    return v;
  };
  const list = (v: Item): PickleValue[] => (Array.isArray(v) ? v : fail('APPEND to something that is not a list'));
  const dict = (v: Item): { [key: string]: PickleValue } =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !isSpecial(v) ? (v as { [key: string]: PickleValue }) : fail('SETITEM on something that is not a dict');
  const key = (k: Item): string => (typeof k === 'string' ? k : typeof k === 'number' || typeof k === 'bigint' ? String(k) : fail('a dict key that is not a string or a number'));
  const setItems = (d: { [key: string]: PickleValue }, items: Item[]) => {
    if (items.length % 2) fail('SETITEMS with an odd number of items');
    for (let i = 0; i < items.length; i += 2) d[key(items[i])] = plain(items[i + 1]);
  };
  const global = (module: string, name: string) => {
    const g = new Global(module, name);
    const known =
      (NUMPY_CORE.has(module) && (name === 'scalar' || name === '_reconstruct')) ||
      (NUMPY_NUMERIC.has(module) && name === '_frombuffer') || (module === 'numpy' && (name === 'dtype' || name === 'ndarray')) || g.path === '_codecs.encode';
    if (!known) fail(`the pickle names ${g.path}, which is not plain data (only numpy scalars and arrays are read)`);
    return g;
  };
  const reduce = (f: Item, args: Item): Item => {
    if (!(f instanceof Global) || !Array.isArray(args)) return fail('REDUCE without a known callable and its arguments');
    if (f.path === '_codecs.encode') {
      const [s, encoding] = args;
      if (typeof s !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) return fail('_codecs.encode other than latin1');
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    }
    if (f.name === 'dtype') {
      if (typeof args[0] !== 'string') return fail('numpy.dtype without a type code');
      return new DType(args[0]);
    }
    if (f.name === 'scalar') {
      const [dtype, raw] = args as Item[];
      if (!(dtype instanceof DType) || !(raw instanceof Uint8Array)) return fail('numpy scalar without a dtype and its bytes');
      const a = decodeArray(dtype, [], raw, fail);
      return a.dtype === 'b1' ? a.data[0] !== 0 : typeof a.data[0] === 'bigint' ? safeNumber(a.data[0]) : (a.data[0] as number);
    }
    if (f.name === '_reconstruct') return new PendingArray();
    if (f.name === '_frombuffer') {
      // Protocol 5 writes an array as _frombuffer(bytes, dtype, shape, order).
      const [raw, dtype, shape, order] = args as Item[];
      if (!(raw instanceof Uint8Array) || !(dtype instanceof DType) || !Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) {
        return fail('numpy _frombuffer without bytes, a dtype and a shape');
      }
      if (order === 'F' && shape.length > 1) return fail('Fortran-ordered numpy arrays are not read');
      return decodeArray(dtype, shape as number[], raw, fail);
    }
    return fail(`${f.path} cannot be called here`);
  };
  const build = (obj: Item, state: Item) => {
    if (obj instanceof DType) {
      if (!Array.isArray(state) || typeof state[1] !== 'string') return fail('numpy dtype state without a byte order');
      obj.order = state[1];
      return;
    }
    if (obj instanceof PendingArray) {
      if (!Array.isArray(state) || state.length !== 5) return fail('numpy array state is not (version, shape, dtype, fortran, data)');
      const [, shape, dtype, fortran, raw] = state as Item[];
      if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) return fail('numpy array shape is not a tuple of ints');
      if (!(dtype instanceof DType)) return fail('numpy array without a dtype');
      if (fortran === true && shape.length > 1) return fail('Fortran-ordered numpy arrays are not read');
      if (!(raw instanceof Uint8Array)) return fail('numpy array data is not raw bytes (object arrays are not read)');
      obj.array = decodeArray(dtype, shape as number[], raw, fail);
      return;
    }
    fail('BUILD on an object that is not a numpy dtype or array');
  };

  for (;;) {
    opAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('pickle protocol above 5');
        break;
      case 0x95: // FRAME: a length prefix only, the opcodes follow inline
        u64();
        break;
      case 0x2e: // STOP
        return resolve(plain(pop()), fail);
      case 0x28: // MARK
        stack.push(Mark);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(littleEndianInt(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(littleEndianInt(take(u32())));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push(latin1(take(u8())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1(take(u32())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({});
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop() as PickleValue]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop() as PickleValue, b as PickleValue]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop() as PickleValue, b as PickleValue, c as PickleValue]);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
        stack.push(popMark() as PickleValue[]);
        break;
      case 0x64: {
        // DICT
        const d = {};
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x61: {
        // APPEND
        const v = plain(pop());
        list(top()).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const target = list(top());
        for (const item of items) target.push(plain(item));
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(dict(top()), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(dict(top()), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k = op === 0x68 ? u8() : u32();
        if (!memo.has(k)) fail(`memo ${k} was never stored`);
        stack.push(memo.get(k)!);
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL without a module and a name');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(reduce(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        build(top(), state);
        break;
      }
      default:
        fail(`opcode 0x${op.toString(16).padStart(2, '0')} is not read (plain data and numpy arrays only)`);
    }
  }
}

/**
 * Tuples are built from raw stack items (a REDUCE's arguments name classes), so an array inside
 * one is still its PendingArray: swap in the arrays, and refuse anything else left unresolved.
 */
function resolve(v: PickleValue, fail: (p: string) => never, seen = new Set<object>()): PickleValue {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || seen.has(v)) return v;
  seen.add(v);
  const item = (x: unknown): PickleValue => {
    if (x instanceof PendingArray) return x.array ?? fail('a numpy array was never given its data');
    if (x instanceof Global || x instanceof DType || x === Mark) return fail('a class or dtype stands where a value should');
    return resolve(x as PickleValue, fail, seen);
  };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = item(v[i]);
  } else if ((v as { kind?: unknown }).kind !== 'ndarray') {
    const d = v as { [key: string]: PickleValue };
    for (const k of Object.keys(d)) d[k] = item(d[k]);
  }
  return v;
}

function isSpecial(v: object): boolean {
  return v instanceof Global || v instanceof DType || v instanceof PendingArray || (v as { kind?: unknown }).kind === 'ndarray';
}

/** Python's two's-complement little-endian long, as a number when it is exactly one. */
function littleEndianInt(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return safeNumber(v);
}

function safeNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const TYPED = {
  f8: [8, Float64Array, 'getFloat64'],
  f4: [4, Float32Array, 'getFloat32'],
  i1: [1, Int8Array, 'getInt8'],
  i2: [2, Int16Array, 'getInt16'],
  i4: [4, Int32Array, 'getInt32'],
  i8: [8, BigInt64Array, 'getBigInt64'],
  u1: [1, Uint8Array, 'getUint8'],
  b1: [1, Uint8Array, 'getUint8'],
  u2: [2, Uint16Array, 'getUint16'],
  u4: [4, Uint32Array, 'getUint32'],
  u8: [8, BigUint64Array, 'getBigUint64'],
} as const;

/** numpy spells the same type several ways ('<f8', 'float64', '?'). */
const ALIASES: Record<string, keyof typeof TYPED> = {
  float64: 'f8', float32: 'f4', int8: 'i1', int16: 'i2', int32: 'i4', int64: 'i8',
  uint8: 'u1', uint16: 'u2', uint32: 'u4', uint64: 'u8', bool: 'b1', '?': 'b1',
};

function decodeArray(dtype: DType, shape: number[], raw: Uint8Array, fail: (p: string) => never): NdArray {
  const code = dtype.code.replace(/^[<>=|]/, '');
  const name = (code in TYPED ? code : ALIASES[code]) as keyof typeof TYPED | undefined;
  if (!name) return fail(`numpy dtype '${dtype.code}' is not read`);
  const [size, Ctor, getter] = TYPED[name];
  const count = shape.reduce((a, b) => a * b, 1);
  if (raw.byteLength !== count * size) return fail(`numpy ${dtype.code} array of shape (${shape.join(', ')}) holds ${raw.byteLength} bytes, not ${count * size}`);
  const littleEndian = dtype.order !== '>';
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const data = new Ctor(count);
  const get = view[getter].bind(view) as (offset: number, littleEndian: boolean) => number & bigint;
  for (let i = 0; i < count; i++) data[i] = get(i * size, littleEndian);
  return { kind: 'ndarray', dtype: name, shape, data };
}
