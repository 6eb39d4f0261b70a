import { OUTBOX_PARTITIONS } from '@traced-social/tables';
import { MIN_READ_PER_PARTITION, nextRoundSize, READ_PER_PARTITION } from './relay-rounds';

describe('the relay sizes its rounds to the time left', () => {
  const partitions = OUTBOX_PARTITIONS.length;

  it('reads full rounds until it knows its pace, and while full rounds fit', () => {
    expect(nextRoundSize(45_000, 0)).toBe(READ_PER_PARTITION);
    // 10 ms an event: a full round of every partition takes 4.5 s of 30 s left.
    expect(nextRoundSize(30_000, 10)).toBe(READ_PER_PARTITION);
  });

  it('shrinks a round to two thirds of the time left at the slowest pace seen', () => {
    // 65 ms an event (a loaded emulator), 19 s left: a round that takes at most ~12.7 s.
    const size = nextRoundSize(19_000, 65);
    expect(size).toBe(Math.floor((19_000 * 2) / 3 / 65 / partitions));
    expect(size * partitions * 65).toBeLessThanOrEqual((19_000 * 2) / 3);
    expect(size).toBeLessThan(READ_PER_PARTITION);
  });

  it('stops when no round worth its reads fits, or no time is left', () => {
    expect(nextRoundSize(1_000, 65)).toBe(0);
    expect(nextRoundSize(0, 0)).toBe(0);
    expect(nextRoundSize(-5, 10)).toBe(0);
    const justEnough = Math.ceil((MIN_READ_PER_PARTITION * partitions * 65 * 3) / 2);
    expect(nextRoundSize(justEnough, 65)).toBe(MIN_READ_PER_PARTITION);
  });
});
