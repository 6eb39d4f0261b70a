import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';

/** What the figures were measured on, for the recorded report. */
export function describeMachine(): string {
  const cpu = cpus();
  return [
    `${osType()} ${release()}`,
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 1024 ** 3)} GB RAM`,
    `Node ${process.version}`,
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ].join('; ');
}
