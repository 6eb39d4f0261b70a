const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `5m`, `2h`, `1d` → seconds. */
export function parseDurationSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 90s, 5m, 2h or 1d`);
  return Number(match[1]) * UNITS[match[2]];
}
