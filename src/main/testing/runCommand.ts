import type { Writer } from '../commandArgs';

/** A `cairn <command>` run in-process with stdout and stderr captured, for a command's tests. */
export async function runCommand(command: (args: string[], out: Writer, err: Writer) => Promise<number>, args: string[]) {
  let out = '';
  let err = '';
  const code = await command(args, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { code, out, err };
}
