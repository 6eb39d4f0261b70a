import { createSocket, type Socket } from 'node:dgram';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { segmentDatagrams } from './segment-datagrams';

export interface DaemonAddress {
  host: string;
  port: number;
}

/**
 * Datagrams kept at most while the socket connects (the oldest dropped past it): connecting to an
 * address by name waits for a DNS answer, and one that never comes must not grow the queue without
 * bound, one invocation's trace at a time.
 */
export const MAX_QUEUED_DATAGRAMS = 100;

/** Lambda's (and the X-Ray SDK's) default daemon address. */
export const DEFAULT_DAEMON_ADDRESS: DaemonAddress = { host: '127.0.0.1', port: 2000 };

/**
 * AWS_XRAY_DAEMON_ADDRESS as the X-Ray SDK reads it: `host:port`, or `udp:host:port tcp:host:port`
 * (the UDP one is used).
 */
export function parseDaemonAddress(raw: string | undefined): DaemonAddress {
  if (!raw) return DEFAULT_DAEMON_ADDRESS;
  const udp = raw.split(/\s+/).find((part) => part.startsWith('udp:')) ?? raw.split(/\s+/)[0];
  const match = /^(?:udp:)?([^:\s]+):(\d+)$/.exec(udp);
  if (!match) throw new Error(`AWS_XRAY_DAEMON_ADDRESS "${raw}" is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

/**
 * Spans to the X-Ray daemon Lambda runs beside every actively traced function (decision 1903):
 * each span mapped to an X-Ray segment document as X-Ray maps OTLP (`spanRecordToSegment`: the
 * handler span a subsegment of Lambda's function segment), the handler span's document sent as
 * one UDP datagram with its descendants nested, as the X-Ray SDK sends its own in Lambda
 * (`segmentDatagrams`, decision 1930). Nothing waits for an answer: the daemon forwards to X-Ray
 * in the background, so the export costs the invocation no round trip, no TLS and no signing.
 */
export class XRayDaemonSpanExporter implements SpanExporter {
  private readonly socket: Socket;
  /**
   * `connecting` until the socket is connected to the daemon (datagrams made meanwhile wait in
   * `queued`), then `connected`; `unconnected` if connecting failed (each send names the address).
   */
  private state: 'connecting' | 'connected' | 'unconnected' = 'connecting';
  private queued: Buffer[] = [];

  constructor(private readonly address: DaemonAddress) {
    this.socket = createSocket('udp4');
    // A send the kernel refuses is reported here; tracing never fails the invocation.
    this.socket.on('error', () => undefined);
    this.socket.unref();
    // Connected once (decision 1932): a send on a connected socket skips Node's address lookup
    // (a process tick per send) and the kernel's route lookup, about half a send's CPU.
    this.socket.connect(address.port, address.host, (error?: Error) => {
      this.state = error ? 'unconnected' : 'connected';
      const queued = this.queued;
      this.queued = [];
      for (const datagram of queued) this.send(datagram);
    });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const datagram of segmentDatagrams(spans)) this.send(datagram);
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {
    // Datagrams are handed to the kernel as they are exported: nothing is pending.
  }

  async shutdown(): Promise<void> {
    this.socket.close();
  }

  private send(datagram: Buffer): void {
    if (this.state === 'connected') this.socket.send(datagram);
    else if (this.state === 'connecting') {
      if (this.queued.length >= MAX_QUEUED_DATAGRAMS) this.queued.shift();
      this.queued.push(datagram);
    } else this.socket.send(datagram, this.address.port, this.address.host);
  }
}
