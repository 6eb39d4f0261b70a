/** `--name=value` (or bare `--name`) flags of a bench suite. */
export function flag(args: string[], name: string): string | undefined {
  const found = args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!found) return undefined;
  const eq = found.indexOf('=');
  return eq < 0 ? 'true' : found.slice(eq + 1);
}

export function numberFlag(args: string[], name: string, fallback: number): number {
  const raw = flag(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}
