import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { describeWorkerNode } from './worker-node';

/** What the figures were measured on, for the recorded report. */
export function describeMachine(): string {
  const cpu = cpus();
  return [
    `${osType()} ${release()}`,
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 1024 ** 3)} GB RAM`,
    `Node ${process.version}`,
    describeWorkerNode(),
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ]
    .filter(Boolean)
    .join('; ');
}
