import { numberFlag, flag } from './args';
import { formatTable, mean, median, percentile, trimmedMean } from './stats';
import { selectSuites } from '../run';

describe('bench statistics', () => {
  it('computes nearest-rank percentiles without reordering the input', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(median(samples)).toBe(3);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile(samples, 1)).toBe(1);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(() => percentile([], 50)).toThrow(/no samples/);
  });

  it('trims the slowest samples from the mean', () => {
    const samples = [...Array.from({ length: 19 }, () => 1), 100];
    expect(mean(samples)).toBeCloseTo(5.95);
    expect(trimmedMean(samples, 0.05)).toBe(1);
  });

  it('renders an aligned markdown table', () => {
    expect(formatTable(['a', 'bb'], [['xyz', 1]])).toBe('| a   | bb |\n|-----|----|\n| xyz | 1  |');
  });
});

describe('bench arguments', () => {
  it('reads flags and refuses bad numbers', () => {
    expect(flag(['--record'], 'record')).toBe('true');
    expect(numberFlag(['--count=10'], 'count', 5)).toBe(10);
    expect(numberFlag([], 'count', 5)).toBe(5);
    expect(() => numberFlag(['--count=x'], 'count', 5)).toThrow(/positive integer/);
  });

  it('selects suites by name, in name order, and refuses unknown ones', () => {
    const available = ['handler-bundles', 'observability'];
    expect(selectSuites(available, ['--record'])).toEqual(available);
    expect(selectSuites(available, ['observability', 'handler-bundles'])).toEqual(available);
    expect(selectSuites(available, ['observability'])).toEqual(['observability']);
    expect(() => selectSuites(available, ['nope'])).toThrow(/unknown bench suite\(s\): nope/);
  });
});
