import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Writer {
  write(text: string): unknown;
}

/**
 * A `cairn <command>`'s arguments, parsed the one way every command does: an unknown option or a
 * missing value is said on stderr with the command's name (exit 2, the caller returns it);
 * `usage(message)` says a mistake the command found itself, followed by its help, and gives 2.
 */
export function parseCommandArgs<const O extends Options>(command: string, help: string, args: string[], options: O, err: Writer) {
  const usage = (message: string): number => {
    err.write(`cairn ${command}: ${message}\n\nUsage:\n${help}`);
    return 2;
  };
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options, strict: true });
    return { values, positionals, usage };
  } catch (e) {
    err.write(`cairn ${command}: ${(e as Error).message}\n`);
    return null;
  }
}
