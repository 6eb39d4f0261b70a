/**
 * Runs `fn` while collecting what is written to stdout and stderr (where the logger's lines and
 * EMF metrics go), and returns both.
 */
export async function collectOutput<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const collect = (chunk: unknown): boolean => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(collect);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(collect);
  try {
    return { value: await fn(), lines };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
