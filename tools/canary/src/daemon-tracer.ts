import { createSocket } from 'node:dgram';
import {
  encodeDaemonDatagram,
  formatTraceHeader,
  newSegmentId,
  newTraceId,
  type SegmentDocument,
} from '@traced-social/trace-model';
import type { CanaryTracer } from './canary-flow';

/** The name the canary's own segment has, in AWS and locally. */
export const CANARY_SEGMENT_NAME = 'traced-social-canary';

/**
 * The canary's trace outside Synthetics: one segment for the run, annotated `synthetic = true`
 * (X-Ray filters match a trace when any of its segments matches, so the whole trace — the
 * backend's segments included — answers `annotation.synthetic = true`), one subsegment per step
 * whose id is the parent the request carries. Sent to an X-Ray daemon (the local collector's UDP
 * port) when the run ends.
 */
export class DaemonTracer implements CanaryTracer {
  readonly traceId = newTraceId();
  private readonly segment: SegmentDocument;
  private readonly steps: SegmentDocument[] = [];

  constructor(private readonly daemonAddress: string) {
    this.segment = {
      name: CANARY_SEGMENT_NAME,
      id: newSegmentId(),
      trace_id: this.traceId,
      start_time: Date.now() / 1000,
      in_progress: true,
      annotations: { synthetic: true },
      subsegments: this.steps,
    };
  }

  async step<T>(name: string, run: (traceHeader: string) => Promise<T>): Promise<T> {
    const subsegment: SegmentDocument = {
      name,
      id: newSegmentId(),
      start_time: Date.now() / 1000,
      namespace: 'remote',
    };
    this.steps.push(subsegment);
    try {
      return await run(
        formatTraceHeader({ root: this.traceId, parent: subsegment.id, sampled: true, extra: [] }),
      );
    } catch (error) {
      subsegment.fault = true;
      this.segment.fault = true;
      throw error;
    } finally {
      subsegment.end_time = Date.now() / 1000;
    }
  }

  /** Closes the segment and sends it; resolves once the datagram is out. */
  async finish(): Promise<void> {
    delete this.segment.in_progress;
    this.segment.end_time = Date.now() / 1000;
    const [host, port] = this.daemonAddress.split(':');
    const socket = createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) =>
        socket.send(encodeDaemonDatagram(this.segment), Number(port), host, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    } finally {
      socket.close();
    }
  }
}
