/**
 * The canonical text of a JSON value: the bytes a revision is hashed and signed over are this
 * text's UTF-8. It is RFC 8785 (JCS) for the values Cairn writes: object keys sorted by UTF-16
 * code units (what Array.prototype.sort does), no whitespace, numbers as ECMAScript prints them
 * (JSON.stringify: shortest round-trip form, -0 as 0), strings escaped as JSON.stringify does (a
 * lone surrogate as \uXXXX, so the text is always valid Unicode and its UTF-8 is unambiguous).
 *
 * Strings are not Unicode-normalised (no NFC): what the author typed is what is signed, and two
 * spellings of "é" are two different values, as they are in the records and the store's indexes.
 * Normalising here would make the signed bytes differ from the value the reader gets back.
 */
export function canonicalText(value: unknown): string {
  // Most values (every one JSON.parse gives back from canonical text) already hold their keys in
  // order: then JSON.stringify writes exactly the canonical text, in native code. Anything else
  // (unsorted keys, undefined, a Date, a non-finite number, a hole) takes the walk below, which
  // sorts or says what has no JSON form.
  return inOrder(value) ? JSON.stringify(value) : write(value, '');
}

/** Whether JSON.stringify(value) is its canonical text: plain objects with sorted keys, arrays without holes, finite numbers only. */
function inOrder(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (value[i] === undefined || !inOrder(value[i])) return false;
    return true;
  }
  if (typeof value !== 'object' || !isPlainObject(value)) return false;
  const obj = value as Record<string, unknown>;
  let previous: string | null = null;
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) return false;
    // `<` on strings compares UTF-16 code units, as Array.prototype.sort does.
    if (previous !== null && !(previous < key)) return false;
    const v = obj[key];
    if (v === undefined || !inOrder(v)) return false;
    previous = key;
  }
  return true;
}

function write(value: unknown, at: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // NaN and ±Infinity have no JSON form; JSON.stringify would write null and change the value.
    if (!Number.isFinite(value)) throw new Error(`${at || 'value'}: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${at}[${i}]`)).join(',')}]`;
  if (typeof value === 'object' && isPlainObject(value)) {
    const obj = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      // An absent optional field and one set to undefined are the same value; JSON drops both.
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(v, at ? `${at}.${key}` : key)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new Error(`${at || 'value'}: a ${typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value} has no JSON form`);
}

/** A Date, Map or typed array would come out as {} or as its indexes: not the value the caller meant. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
