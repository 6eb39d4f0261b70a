export * from './segments';
export * from './xray-client';
export { benchDatagram, DOCUMENTS_PER_TRACE } from '../bench/bench-datagrams';
export { blast, type BlastResult } from '../bench/udp-blaster';
export { startCollectorProcess, type CollectorProcess } from '../bench/collector-process';
export { Ingestor } from '../ingest/ingestor';
export { StatsCounter } from '../stats';
