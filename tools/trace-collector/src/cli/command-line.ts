/** A command's options once read, or the exit code it ends with (usage error or `--help`). */
export type CommandLine<Values> = { values: Values } | { exitCode: number };

/**
 * Reads a command's options with `parse` (its `parseArgs` and any checks that throw): a thrown
 * error is printed with the usage (exit 2), `--help` prints the usage (exit 0).
 */
export function readCommandLine<Values extends { help?: boolean }>(
  parse: () => Values,
  usage: string,
  out: (line: string) => void,
): CommandLine<Values> {
  let values: Values;
  try {
    values = parse();
  } catch (error) {
    out(`${(error as Error).message}\n\n${usage}`);
    return { exitCode: 2 };
  }
  if (values.help) {
    out(usage);
    return { exitCode: 0 };
  }
  return { values };
}
