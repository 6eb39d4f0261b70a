import { parseSchedule } from './schedule-expression';

const at = (iso: string): Date => new Date(iso);

describe('parseSchedule', () => {
  it('fires a rate every period', () => {
    expect(parseSchedule('rate(5 minutes)').next(at('2026-01-01T00:00:00Z'))).toEqual(
      at('2026-01-01T00:05:00Z'),
    );
    expect(parseSchedule('rate(1 hour)').next(at('2026-01-01T00:00:00Z'))).toEqual(
      at('2026-01-01T01:00:00Z'),
    );
  });

  it('fires a cron at the next matching minute, in UTC', () => {
    expect(parseSchedule('cron(0/15 * * * ? *)').next(at('2026-01-01T10:07:30Z'))).toEqual(
      at('2026-01-01T10:15:00Z'),
    );
    expect(parseSchedule('cron(30 9 ? * MON-FRI *)').next(at('2026-01-02T10:00:00Z'))).toEqual(
      at('2026-01-05T09:30:00Z'),
    );
    expect(parseSchedule('cron(0 0 1 JAN,JUL ? *)').next(at('2026-02-01T00:00:00Z'))).toEqual(
      at('2026-07-01T00:00:00Z'),
    );
  });

  it.each([
    ['every 5 minutes', /not a schedule expression/],
    ['rate(1 minutes)', /write "1 minute"/],
    ['rate(0 minutes)', /at least 1/],
    ['cron(* * * *)', /6 fields/],
    ['cron(0 12 L * ? *)', /not supported/],
    ['cron(61 * * * ? *)', /out of range/],
  ])('refuses %s clearly', (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(message);
  });
});
