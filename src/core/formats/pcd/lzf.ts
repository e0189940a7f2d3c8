/**
 * LZF decompression (liblzf's format, as PCL's binary_compressed uses): a control byte below 32
 * copies that many + 1 literal bytes; otherwise its top 3 bits are a match length (7 = read one
 * more byte) and the rest plus the next byte a back-reference distance.
 * Returns null when the input is malformed or does not fill `outLength` exactly.
 */
export function lzfDecompress(input: Uint8Array, outLength: number): Uint8Array | null {
  const out = new Uint8Array(outLength);
  let ip = 0;
  let op = 0;
  while (ip < input.byteLength) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (ip + run > input.byteLength || op + run > outLength) return null;
      out.set(input.subarray(ip, ip + run), op);
      ip += run;
      op += run;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= input.byteLength) return null;
        len += input[ip++];
      }
      if (ip >= input.byteLength) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
      len += 2;
      if (ref < 0 || op + len > outLength) return null;
      // Byte by byte: the source may overlap what is being written (run-length style matches).
      for (let i = 0; i < len; i++) out[op + i] = out[ref + i];
      op += len;
    }
  }
  return op === outLength ? out : null;
}
