import type { AnnotationValue } from '@traced-social/trace-model';
import type { RootCause, RootCauses } from '../store/root-causes';
import type { ServiceRef, TraceFacts } from '../store/trace-facts';

/**
 * X-Ray's REST-JSON wire shapes, as `@aws-sdk/client-xray` (de)serializes them: timestamps are
 * epoch seconds (numbers), optional members are simply absent.
 */
export interface WireServiceId {
  Name: string;
  Names: string[];
  AccountId?: string;
  Type?: string;
}

export type WireAnnotationValue =
  { StringValue: string } | { NumberValue: number } | { BooleanValue: boolean };

export interface WireTraceSummary {
  Id: string;
  StartTime: number;
  Duration?: number;
  ResponseTime?: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http: {
    HttpURL?: string;
    HttpStatus?: number;
    HttpMethod?: string;
    UserAgent?: string;
    ClientIp?: string;
  };
  Annotations: Record<
    string,
    Array<{ AnnotationValue: WireAnnotationValue; ServiceIds: WireServiceId[] }>
  >;
  Users: Array<{ UserName: string; ServiceIds: WireServiceId[] }>;
  ServiceIds: WireServiceId[];
  ResourceARNs: Array<{ ARN: string }>;
  EntryPoint?: WireServiceId;
  Revision: number;
  MatchedEventTime: number;
  FaultRootCauses: WireRootCause[];
  ErrorRootCauses: WireRootCause[];
  ResponseTimeRootCauses: WireRootCause[];
}

/** `FaultRootCause`, `ErrorRootCause` and `ResponseTimeRootCause` (the latter with Coverage). */
export interface WireRootCause {
  Services: Array<{
    Name: string;
    Names: string[];
    Type?: string;
    AccountId?: string;
    Inferred: boolean;
    EntityPath: Array<{
      Name: string;
      Remote: boolean;
      Coverage?: number;
      Exceptions?: Array<{ Name: string; Message?: string }>;
    }>;
  }>;
  ClientImpacting: boolean;
}

function toRootCause(cause: RootCause, withCoverage: boolean): WireRootCause {
  return {
    Services: cause.services.map((service) => ({
      Name: service.name,
      Names: [service.name],
      ...(service.type ? { Type: service.type } : {}),
      ...(service.accountId ? { AccountId: service.accountId } : {}),
      Inferred: service.inferred,
      EntityPath: service.entityPath.map((entity) => ({
        Name: entity.name,
        Remote: entity.remote,
        ...(withCoverage
          ? { Coverage: seconds(entity.coverage ?? 0) }
          : {
              Exceptions: entity.exceptions.map((e) => ({
                Name: e.name,
                ...(e.message !== undefined ? { Message: e.message } : {}),
              })),
            }),
      })),
    })),
    // Every cause here starts at the entry point, so the client saw it.
    ClientImpacting: true,
  };
}

/** A trace's root causes as GetTraceSummaries carries them (and `rootcause.json` compares them). */
export function toWireRootCauses(
  rootCauses: RootCauses,
): Pick<WireTraceSummary, 'FaultRootCauses' | 'ErrorRootCauses' | 'ResponseTimeRootCauses'> {
  return {
    FaultRootCauses: rootCauses.fault.map((c) => toRootCause(c, false)),
    ErrorRootCauses: rootCauses.error.map((c) => toRootCause(c, false)),
    ResponseTimeRootCauses: rootCauses.responsetime.map((c) => toRootCause(c, true)),
  };
}

export function toServiceId(ref: ServiceRef): WireServiceId {
  return {
    Name: ref.name,
    Names: [ref.name],
    ...(ref.accountId ? { AccountId: ref.accountId } : {}),
    ...(ref.type ? { Type: ref.type } : {}),
  };
}

export function toAnnotationValue(value: AnnotationValue): WireAnnotationValue {
  if (typeof value === 'number') return { NumberValue: value };
  if (typeof value === 'boolean') return { BooleanValue: value };
  return { StringValue: value };
}

/** Rounds seconds to microseconds, as X-Ray reports durations. */
export function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 1e6) / 1e6;
}

export function toTraceSummary(facts: TraceFacts, revision: number): WireTraceSummary {
  const annotations: WireTraceSummary['Annotations'] = {};
  for (const [key, values] of facts.annotations) {
    annotations[key] = values.map((a) => ({
      AnnotationValue: toAnnotationValue(a.value),
      ServiceIds: a.services.map(toServiceId),
    }));
  }
  const http = facts.http;
  return {
    Id: facts.id,
    StartTime: facts.startTime,
    Duration: seconds(facts.duration),
    ResponseTime: seconds(facts.responseTime),
    HasFault: facts.fault,
    HasError: facts.error,
    HasThrottle: facts.throttle,
    IsPartial: facts.partial,
    Http: {
      ...(http.url !== undefined ? { HttpURL: http.url } : {}),
      ...(http.status !== undefined ? { HttpStatus: http.status } : {}),
      ...(http.method !== undefined ? { HttpMethod: http.method } : {}),
      ...(http.userAgent !== undefined ? { UserAgent: http.userAgent } : {}),
      ...(http.clientIp !== undefined ? { ClientIp: http.clientIp } : {}),
    },
    Annotations: annotations,
    Users: facts.users.map((u) => ({ UserName: u.name, ServiceIds: u.services.map(toServiceId) })),
    ServiceIds: facts.services.map(toServiceId),
    ResourceARNs: facts.resourceArns.map((ARN) => ({ ARN })),
    ...(facts.entryPoint ? { EntryPoint: toServiceId(facts.entryPoint) } : {}),
    Revision: revision,
    MatchedEventTime: facts.startTime,
    ...toWireRootCauses(facts.rootCauses),
  };
}
