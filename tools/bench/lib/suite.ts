/** Runs a suite's main: a failure prints its stack and sets a failing exit code. */
export function runSuite(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  });
}
