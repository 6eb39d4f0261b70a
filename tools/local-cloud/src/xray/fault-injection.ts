/**
 * `--faults likes-like-post=0.3,posts-create-post=0.1`: the share of invocations of each named
 * function that fail as a crashed handler does (the function segment records a fault, API
 * Gateway answers 502), to exercise alarms and adaptive sampling on one machine.
 */
export function parseFaults(text: string | undefined): Record<string, number> {
  const faults: Record<string, number> = {};
  if (!text?.trim()) return faults;
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*=\s*([0-9.]+)\s*$/.exec(part);
    const rate = match ? Number(match[2]) : NaN;
    if (!match || !(rate >= 0 && rate <= 1)) {
      throw new Error(
        `--faults takes <function name>=<share of invocations from 0 to 1>[,...], got "${part.trim()}"`,
      );
    }
    faults[match[1]] = rate;
  }
  return faults;
}

/** Refuses faults for functions that do not exist, naming those that do. */
export function checkFaultTargets(faults: Record<string, number>, functions: string[]): void {
  const unknown = Object.keys(faults).filter((name) => !functions.includes(name));
  if (unknown.length) {
    throw new Error(
      `--faults names no function ${unknown.join(', ')}; the functions are: ${functions.join(', ')}`,
    );
  }
}

/** The error an injected fault reports, as a crashed handler's would be. */
export const INJECTED_FAULT = {
  errorType: 'InjectedFault',
  errorMessage: 'Fault injected by the local cloud (--faults)',
};
