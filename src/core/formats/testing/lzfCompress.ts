/**
 * A small greedy LZF compressor (liblzf's format) so tests can write binary_compressed PCD with
 * both literal runs and back-references.
 */
export function lzfCompress(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  const last = new Map<number, number>();
  let literals: number[] = [];
  const flush = () => {
    for (let i = 0; i < literals.length; i += 32) {
      const run = literals.slice(i, i + 32);
      out.push(run.length - 1, ...run);
    }
    literals = [];
  };
  let ip = 0;
  while (ip < input.length) {
    let matched = false;
    if (ip + 2 < input.length) {
      const key = (input[ip] << 16) | (input[ip + 1] << 8) | input[ip + 2];
      const ref = last.get(key);
      last.set(key, ip);
      if (ref !== undefined && ip - ref - 1 < 8192) {
        let len = 0;
        while (len < 264 && ip + len < input.length && input[ref + len] === input[ip + len]) len++;
        if (len >= 3) {
          flush();
          const off = ip - ref - 1;
          const l = len - 2;
          if (l < 7) out.push((l << 5) | (off >> 8), off & 0xff);
          else out.push((7 << 5) | (off >> 8), l - 7, off & 0xff);
          ip += len;
          matched = true;
        }
      }
    }
    if (!matched) literals.push(input[ip++]);
  }
  flush();
  return Uint8Array.from(out);
}
