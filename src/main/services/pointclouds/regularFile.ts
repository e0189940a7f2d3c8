import { promises as fs } from 'node:fs';

/**
 * Refuses, naming the path (or `shownAs`), anything but a regular file: a directory fails later with a bare
 * EISDIR, and a FIFO blocks the first read forever.
 */
export async function assertRegularFile(file: string, shownAs = file): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${shownAs}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})`}`);
  }
  if (stat.isDirectory()) throw new Error(`${shownAs}: is a directory, not a file`);
  if (!stat.isFile()) throw new Error(`${shownAs}: is not a regular file (a pipe, socket or device)`);
}
