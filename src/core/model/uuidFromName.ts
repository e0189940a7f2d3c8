import { isUuid } from './ids';
import { sha1, utf8Bytes } from './sha1';

/** RFC 4122's namespace for URLs; Cairn's own namespaces are names under it. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based (version 5, SHA-1) UUID: the same namespace and name always give the same id, so
 * re-importing a dataset keeps its scene, frame and object ids, and annotations stay attached.
 */
export function uuidFromName(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new Error(`uuidFromName: namespace "${namespace}" is not a UUID`);
  const ns = namespace.replace(/-/g, '');
  const nameBytes = utf8Bytes(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const b = sha1(input).subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace under which `cairn import` names everything it creates. */
export const IMPORT_NAMESPACE = uuidFromName(URL_NAMESPACE, 'https://cairn.dev/ids/import');
