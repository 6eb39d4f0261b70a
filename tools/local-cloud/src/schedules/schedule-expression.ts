/**
 * EventBridge schedule expressions, as the manifests declare them: `rate(5 minutes)` and
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)` in UTC. Cron fields take `*`, `?`,
 * numbers, names (JAN, MON), lists, ranges and `/` steps; `L`, `W` and `#` are refused clearly.
 */
export interface Schedule {
  /** The next time strictly after `after` the schedule fires. */
  next(after: Date): Date;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseSchedule(expression: string): Schedule {
  const rate = RATE.exec(expression.trim());
  if (rate) {
    const count = Number(rate[1]);
    const unit = rate[2].replace(/s$/, '') as keyof typeof UNIT_MS;
    if (count < 1) throw new Error(`${expression}: the rate must be at least 1`);
    if ((count === 1) !== (rate[2] === unit)) {
      throw new Error(`${expression}: write "1 ${unit}" or "N ${unit}s", as EventBridge requires`);
    }
    const period = count * UNIT_MS[unit];
    return { next: (after) => new Date(after.getTime() + period) };
  }
  const cron = CRON.exec(expression.trim());
  if (cron) return parseCron(expression, cron[1]);
  throw new Error(`"${expression}" is not a schedule expression: use rate(N minutes) or cron(...)`);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseCron(expression: string, body: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(
      `${expression}: cron needs 6 fields (minutes hours day-of-month month day-of-week year)`,
    );
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = [
    parseField(expression, fields[0], 0, 59),
    parseField(expression, fields[1], 0, 23),
    parseField(expression, fields[2], 1, 31),
    parseField(expression, fields[3], 1, 12, MONTHS),
    parseField(expression, fields[4], 1, 7, DAYS),
    parseField(expression, fields[5], 1970, 2199),
  ];
  return {
    next(after) {
      const t = new Date(after.getTime());
      t.setUTCSeconds(0, 0);
      // Minute by minute, at most two years ahead: plenty for any expression that ever fires.
      for (let i = 0; i < 2 * 366 * 24 * 60; i++) {
        t.setUTCMinutes(t.getUTCMinutes() + 1);
        if (
          minutes(t.getUTCMinutes()) &&
          hours(t.getUTCHours()) &&
          dayOfMonth(t.getUTCDate()) &&
          month(t.getUTCMonth() + 1) &&
          dayOfWeek(t.getUTCDay() + 1) &&
          year(t.getUTCFullYear())
        ) {
          return new Date(t.getTime());
        }
      }
      throw new Error(`${expression} never fires in the next two years`);
    },
  };
}

function parseField(
  expression: string,
  field: string,
  min: number,
  max: number,
  names: string[] = [],
): (value: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  if (field.split(',').some((part) => /^(L|LW|\d+[LW])$|#/i.test(part))) {
    throw new Error(`${expression}: L, W and # are not supported locally`);
  }
  const toNumber = (text: string): number => {
    const named = names.indexOf(text.toUpperCase());
    const value = named >= 0 ? named + 1 : Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${expression}: "${text}" is out of range ${min}-${max}`);
    return value;
  };
  const allowed = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`${expression}: bad step in "${part}"`);
    const [from, to] =
      range === '*'
        ? [min, max]
        : range.includes('-')
          ? range.split('-').map(toNumber)
          : [toNumber(range), stepText === undefined ? toNumber(range) : max];
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return (value) => allowed.has(value);
}
