import type { HrTime } from '@opentelemetry/api';

/** The largest UDP payload over IPv4: the most one daemon datagram can carry. */
export const MAX_DATAGRAM_BYTES = 65_507;

/** OTLP numbers span kinds from 1 (internal); the API from 0. */
const OTLP_KIND_OFFSET = 1;

/** A span kind of the API (`SpanKind`) as OTLP numbers it (`SPAN_KIND`), which the mapping reads. */
export const otlpKind = (kind: number): number => kind + OTLP_KIND_OFFSET;

/** A span time as epoch seconds, as segment documents hold them. */
export const epochSeconds = (time: HrTime): number => time[0] + time[1] / 1e9;
