/**
 * What differs between the stages. Everything else is the same code, so dev is a faithful
 * rehearsal of prod: only capacity, retention, sampling and verbosity change.
 */
import { SAMPLING_RATES, type StageSampling } from '@traced-social/xray-config';

export type StageName = 'dev' | 'prod';

export const STAGES: readonly StageName[] = ['dev', 'prod'];

export type { SamplingRate } from '@traced-social/xray-config';

export interface StageConfig {
  stage: StageName;
  /**
   * The account and region the stage deploys to, pinned: `cdk deploy` refuses credentials of
   * another account, so prod cannot land in dev's account by mistake. The accounts are
   * placeholders until the product's accounts exist (synthesis needs none); `-c account=` and
   * `-c region=` may only repeat them.
   */
  env: { account: string; region: string };
  /** POWERTOOLS_LOG_LEVEL of every function. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: off in prod (cost and latency, see the seed). */
  captureHttpsRequests: boolean;
  /** The stage's sampling rates: one definition with the local cloud's `--sampling <stage>`. */
  sampling: StageSampling;
  /** Requests per second (steady, burst) each app's API stage accepts. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /**
   * The shield on the public, unauthenticated routes (`/auth/*`: argon2 on every request).
   * WAF blocks an IP above `authRequestsPerIpPer5Min` there; each auth method has its own
   * throttle; each auth function reserves (and is capped at) `authReservedConcurrency`, so a
   * sign-in storm cannot take the concurrency other apps need. No reservation in dev: new
   * accounts have a concurrency quota of 10 and Lambda keeps 100 unreserved.
   */
  shield: {
    authRequestsPerIpPer5Min: number;
    authMethodThrottle: { rateLimit: number; burstLimit: number };
    authReservedConcurrency?: number;
  };
  logRetentionDays: 7 | 30 | 90;
  /**
   * Kinesis retention overriding the manifest's (prod: 7 days, time to replay dead-lettered
   * records after a long outage). Consumers give up on a record at half of it (maximumRecordAge),
   * so it is dead-lettered with its coordinates while still readable.
   */
  streamRetentionHours?: number;
  /** Keep data (tables, bucket, stream) when the stack is deleted; tables get deletion protection. */
  retainData: boolean;
  /**
   * Browser origins allowed to PUT to presigned media URLs (bucket CORS). None: no CORS rule
   * (mobile clients need none); add the web client's origin when it exists.
   */
  webOrigins: string[];
  redis: { nodeType: string; replicas: number };
  /**
   * Who hears the alarms. Every alarm notifies the stage's alerts topic; these are its
   * subscribers. `pagerDuty`: subscribe the HTTPS URL of PagerDuty's CloudWatch integration,
   * read at deploy time from SSM `/traced-social/<stage>/alerts/pagerduty-url` (the URL holds
   * the integration key, so it is not in git). Context adds to it: `-c alertEmails=a@x,b@y`,
   * `-c pagerDuty=true|false`. Prod refuses to synthesise with no subscriber.
   */
  alerts: { emails: string[]; pagerDuty: boolean };
  alarms: {
    /** Percentage of invocations that fail, over 5 minutes. */
    errorRatePercent: number;
    /** p99 duration threshold of API handlers, in milliseconds (the "slow request" line). */
    apiP99Ms: number;
    /** Percentage of API requests answered 4XX (a broken client release, or abuse). */
    api4xxPercent: number;
    /** Lambda concurrency in use, as a percentage of the account's quota. */
    accountConcurrencyPercent: number;
  };
}

/** Until the product has its AWS accounts: synthesis works offline with it. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

const dev: StageConfig = {
  stage: 'dev',
  env: { account: PLACEHOLDER_ACCOUNT, region: 'eu-west-1' },
  logLevel: 'DEBUG',
  captureHttpsRequests: true,
  sampling: SAMPLING_RATES.dev,
  apiThrottle: { rateLimit: 50, burstLimit: 100 },
  shield: {
    authRequestsPerIpPer5Min: 100,
    authMethodThrottle: { rateLimit: 10, burstLimit: 20 },
  },
  logRetentionDays: 7,
  retainData: false,
  webOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
  redis: { nodeType: 'cache.t4g.micro', replicas: 0 },
  alerts: { emails: [], pagerDuty: false },
  alarms: { errorRatePercent: 5, apiP99Ms: 1000, api4xxPercent: 25, accountConcurrencyPercent: 80 },
};

const prod: StageConfig = {
  stage: 'prod',
  env: { account: PLACEHOLDER_ACCOUNT, region: 'eu-west-1' },
  logLevel: 'INFO',
  captureHttpsRequests: false,
  sampling: SAMPLING_RATES.prod,
  apiThrottle: { rateLimit: 500, burstLimit: 1000 },
  shield: {
    authRequestsPerIpPer5Min: 300,
    authMethodThrottle: { rateLimit: 100, burstLimit: 200 },
    authReservedConcurrency: 25,
  },
  logRetentionDays: 90,
  streamRetentionHours: 7 * 24,
  retainData: true,
  webOrigins: [],
  redis: { nodeType: 'cache.t4g.small', replicas: 1 },
  alerts: { emails: [], pagerDuty: true },
  alarms: { errorRatePercent: 1, apiP99Ms: 1000, api4xxPercent: 10, accountConcurrencyPercent: 80 },
};

const configs: Record<StageName, StageConfig> = { dev, prod };

/** The configuration of a stage, failing clearly on an unknown name (e.g. `-c stage=qa`). */
export function stageConfig(stage: string): StageConfig {
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new Error(`Unknown stage "${stage}": expected one of ${STAGES.join(', ')}`);
  }
  return configs[stage as StageName];
}
