import { FormatError, type ByteSource } from '../../io/byteSource';
import { getU64, readExact, startsWithAscii, viewOf } from '../binary';
import { crc32c } from './crc32c';

export const E57_HEADER_SIZE = 48;
const CRC_SIZE = 4;
/** Pages read ahead of a miss: packets are read in file order, so the next ones are wanted soon. */
const READ_AHEAD_PAGES = 64;
const CACHED_PAGES = 512;

export interface E57Header {
  readonly version: string;
  readonly physicalLength: number;
  /** Physical offset of the XML section. */
  readonly xmlOffset: number;
  readonly xmlLength: number;
  readonly pageSize: number;
}

/** The 48-byte file header: "ASTM-E57", version, physical length, XML offset and length, page size. */
export function parseE57Header(file: string, bytes: Uint8Array, fileSize: number): E57Header {
  if (!startsWithAscii(bytes, 'ASTM-E57')) throw new FormatError(file, 0, 'not an E57 file: it does not start with "ASTM-E57"');
  const v = viewOf(bytes);
  const major = v.getUint32(8, true);
  const minor = v.getUint32(12, true);
  if (major !== 1) throw new FormatError(file, 8, `E57 version ${major}.${minor} is not supported (only 1.x)`);
  const physicalLength = getU64(v, 16);
  const xmlOffset = getU64(v, 24);
  const xmlLength = getU64(v, 32);
  const pageSize = getU64(v, 40);
  if (!(pageSize >= 64 && pageSize <= 1 << 20) || (pageSize & (pageSize - 1)) !== 0) throw new FormatError(file, 40, `E57 page size ${pageSize} is not a power of two between 64 and 1 MiB`);
  if (physicalLength % pageSize !== 0) throw new FormatError(file, 16, `E57 physical length ${physicalLength} is not a whole number of ${pageSize}-byte pages`);
  if (physicalLength > fileSize) throw new FormatError(file, fileSize, `file is truncated: the E57 header says ${physicalLength} bytes, the file has ${fileSize}`);
  if (xmlOffset < E57_HEADER_SIZE || xmlOffset >= physicalLength || xmlOffset % pageSize >= pageSize - CRC_SIZE) {
    throw new FormatError(file, 24, `E57 XML section offset ${xmlOffset} is not inside the file's pages`);
  }
  return { version: `${major}.${minor}`, physicalLength, xmlOffset, xmlLength, pageSize };
}

/**
 * The file as E57 sees it: pages of `pageSize` bytes whose last four are a CRC-32C of the rest.
 * Offsets in the XML are physical; sections are contiguous in the logical stream (the pages'
 * payloads end to end), so everything is read by logical offset and every page read is checked.
 */
export class E57Pages {
  readonly payload: number;
  readonly logicalLength: number;
  private readonly cache = new Map<number, Uint8Array>();

  constructor(
    private readonly source: ByteSource,
    readonly header: E57Header,
  ) {
    this.payload = header.pageSize - CRC_SIZE;
    this.logicalLength = (header.physicalLength / header.pageSize) * this.payload;
  }

  get file(): string {
    return this.source.name;
  }

  /** The logical offset of a physical one; throws when it points into a checksum. */
  logicalOf(physical: number, what: string): number {
    const { pageSize } = this.header;
    const within = physical % pageSize;
    if (!Number.isSafeInteger(physical) || physical < 0 || physical >= this.header.physicalLength || within >= this.payload) {
      throw new FormatError(this.file, Number.isSafeInteger(physical) ? physical : null, `${what}: offset ${physical} is not inside a page's data (file of ${this.header.physicalLength} bytes, ${pageSize}-byte pages)`);
    }
    return Math.floor(physical / pageSize) * this.payload + within;
  }

  physicalOf(logical: number): number {
    return Math.floor(logical / this.payload) * this.header.pageSize + (logical % this.payload);
  }

  /** `length` bytes of the logical stream from `logical`, every page they touch checked. */
  async read(logical: number, length: number, what: string): Promise<Uint8Array> {
    if (!Number.isSafeInteger(logical) || !Number.isSafeInteger(length) || logical < 0 || length < 0 || logical + length > this.logicalLength) {
      throw new FormatError(this.file, Number.isSafeInteger(logical) && logical <= this.logicalLength ? this.physicalOf(Math.min(logical, this.logicalLength)) : null, `${what}: ${length} bytes at logical offset ${logical} run past the end of the file's pages`);
    }
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = logical + done;
      const page = Math.floor(at / this.payload);
      const data = this.cache.get(page) ?? (await this.load(page, Math.ceil((logical + length) / this.payload) - page));
      const from = at - page * this.payload;
      const take = Math.min(this.payload - from, length - done);
      out.set(data.subarray(from, from + take), done);
      done += take;
    }
    return out;
  }

  /** Reads `wanted` pages from `first` (at least the read-ahead), checks each, caches them; returns the first. */
  private async load(first: number, wanted: number): Promise<Uint8Array> {
    const { pageSize } = this.header;
    // At most half the cache at a time, so the first page read is still cached when returned.
    const pages = Math.min(Math.max(wanted, READ_AHEAD_PAGES), CACHED_PAGES / 2, this.header.physicalLength / pageSize - first);
    const bytes = await readExact(this.source, first * pageSize, pages * pageSize, `E57 pages ${first}..${first + pages - 1}`);
    const view = viewOf(bytes);
    for (let i = 0; i < pages; i++) {
      const start = i * pageSize;
      const stored = view.getUint32(start + this.payload, false);
      const computed = crc32c(bytes, start, start + this.payload);
      if (stored !== computed) {
        const page = first + i;
        throw new FormatError(this.file, page * pageSize + this.payload, `bad checksum on page ${page} (bytes ${page * pageSize}..${(page + 1) * pageSize - 1}): the page says CRC-32C 0x${hex(stored)}, its data gives 0x${hex(computed)}`);
      }
      this.remember(first + i, bytes.subarray(start, start + this.payload));
    }
    return this.cache.get(first)!;
  }

  private remember(page: number, data: Uint8Array): void {
    this.cache.delete(page);
    this.cache.set(page, data);
    if (this.cache.size > CACHED_PAGES) this.cache.delete(this.cache.keys().next().value!);
  }
}

const hex = (n: number) => n.toString(16).padStart(8, '0');
