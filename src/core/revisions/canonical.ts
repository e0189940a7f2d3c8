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
  return write(value, '');
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
