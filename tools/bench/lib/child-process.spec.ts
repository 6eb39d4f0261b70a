import { availableParallelism } from 'node:os';
import { canPin, parseResultLine, runNode } from './child-process';

describe('runNode', () => {
  const PRINT_CPUS =
    "console.log('RESULT ' + JSON.stringify(require('os').availableParallelism()))";

  it('runs a measuring child on one CPU when asked (taskset), on all of them otherwise', async () => {
    const pinned = parseResultLine<number>(
      await runNode(['-e', PRINT_CPUS], { oneCpu: true }),
      'pinned child',
    );
    const free = parseResultLine<number>(await runNode(['-e', PRINT_CPUS]), 'free child');
    // Where taskset is missing the child runs unpinned, and the report says so.
    expect(pinned).toBe(canPin() ? 1 : availableParallelism());
    expect(free).toBe(availableParallelism());
  });
});
