export type ImageSizeResult =
  | { readonly kind: 'size'; readonly format: 'png' | 'jpeg'; readonly width: number; readonly height: number }
  /** The header continues past the bytes given: call again with at least `bytes` bytes of the file. */
  | { readonly kind: 'need-more'; readonly bytes: number }
  | { readonly kind: 'not-an-image'; readonly problem: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JPEG start-of-frame markers (every coding process); C4, C8 and CC share the range but are not frames. */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers that stand alone, with no length field: TEM, RST0–7, SOI. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd8);

/**
 * Width and height of a PNG (from IHDR, in the first 24 bytes) or a JPEG (from its SOFn segment,
 * after however many APPn / EXIF / ICC segments precede it), from a prefix of the file, so an
 * importer never reads whole images to size them.
 */
export function imageSize(bytes: Uint8Array): ImageSizeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (PNG_SIGNATURE.every((b, i) => i >= bytes.length || bytes[i] === b)) {
    if (bytes.length < 24) return { kind: 'need-more', bytes: 24 };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const type = String.fromCharCode(...bytes.subarray(12, 16));
    if (type !== 'IHDR') return { kind: 'not-an-image', problem: `PNG: first chunk is "${type}", not IHDR` };
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width === 0 || height === 0) return { kind: 'not-an-image', problem: `PNG: IHDR gives a ${width}×${height} image` };
    return { kind: 'size', format: 'png', width, height };
  }
  if (bytes.length < 2) return { kind: 'need-more', bytes: 24 };
  return { kind: 'not-an-image', problem: 'neither a PNG nor a JPEG signature' };
}

function jpegSize(bytes: Uint8Array): ImageSizeResult {
  let at = 2;
  for (;;) {
    if (at + 2 > bytes.length) return { kind: 'need-more', bytes: at + 10 };
    if (bytes[at] !== 0xff) return { kind: 'not-an-image', problem: `JPEG: expected a marker at byte ${at}, found 0x${bytes[at].toString(16)}` };
    const marker = bytes[at + 1];
    // Any number of 0xFF fill bytes may precede a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) {
      return { kind: 'not-an-image', problem: `JPEG: no start-of-frame segment before ${marker === 0xda ? 'the image data' : 'the end of the image'}` };
    }
    if (at + 9 > bytes.length) return { kind: 'need-more', bytes: at + 10 };
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) return { kind: 'not-an-image', problem: `JPEG: segment 0x${marker.toString(16)} at byte ${at} has length ${length}` };
    if (isStartOfFrame(marker)) {
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      if (width === 0 || height === 0) {
        return { kind: 'not-an-image', problem: `JPEG: start of frame gives a ${width}×${height} image (a height set later by DNL is not supported)` };
      }
      return { kind: 'size', format: 'jpeg', width, height };
    }
    at += 2 + length;
  }
}
