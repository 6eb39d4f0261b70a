import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
/** The values `parseArgs` reads for `options`. */
export type OptionValues<Options extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options }>
>['values'];

/** A command's options once read, or the exit code it ends with (usage error or `--help`). */
export type CommandLine<Values> = { values: Values } | { exitCode: number };

/**
 * Reads a command's `options` from `argv` with `parseArgs`, then `derive`s what more it needs
 * from them (checks that throw): an error is printed with the usage (exit 2), `--help` prints the
 * usage (exit 0).
 */
export function readCommandLine<Options extends OptionsConfig, Derived extends object = object>(
  argv: string[],
  options: Options,
  usage: string,
  out: (line: string) => void,
  derive: (values: OptionValues<Options>) => Derived = () => ({}) as Derived,
): CommandLine<OptionValues<Options> & Derived> {
  let values: OptionValues<Options> & Derived;
  try {
    const parsed = parseArgs({ args: argv, options }).values as OptionValues<Options>;
    values = { ...parsed, ...derive(parsed) };
  } catch (error) {
    out(`${(error as Error).message}\n\n${usage}`);
    return { exitCode: 2 };
  }
  if ((values as { help?: boolean }).help) {
    out(usage);
    return { exitCode: 0 };
  }
  return { values };
}

/** A command as its script and its tests run it: returns the exit code, output through `out`. */
export type Command = (
  argv: string[],
  out: (line: string) => void,
  env?: NodeJS.ProcessEnv,
) => Promise<number>;

/** A command that reads its `options` (see {@link readCommandLine}), then `run`s with them. */
export function defineCommand<
  Options extends OptionsConfig,
  Derived extends object = object,
>(spec: {
  usage: string;
  options: Options;
  derive?: (values: OptionValues<Options>) => Derived;
  run: (
    options: OptionValues<Options> & Derived,
    out: (line: string) => void,
    env: NodeJS.ProcessEnv,
  ) => Promise<number>;
}): Command {
  return async (argv, out, env = process.env) => {
    const commandLine = readCommandLine(argv, spec.options, spec.usage, out, spec.derive);
    return 'exitCode' in commandLine
      ? commandLine.exitCode
      : spec.run(commandLine.values, out, env);
  };
}
