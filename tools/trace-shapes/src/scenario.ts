import type { CloudSession, SessionUser } from '@traced-social/cloud-session';

/**
 * What an app's recording does at one data size: prepares data (its traces are not recorded),
 * then sends, inside `context.measure`, the requests whose traces make the shapes. Requests go
 * one at a time, so no trace depends on another's timing.
 */
export interface Scenario {
  /** The app whose operations are recorded (its handlers' `Service` annotation). */
  app: string;
  /** Apps the local cloud runs (a Kinesis consumer in the producer's trace is part of a shape). */
  apps: string[];
  /** What one unit of data size is, per operation; `default` for the rest. */
  sizeUnits: { default: string } & Record<string, string>;
  run(context: ScenarioContext): Promise<void>;
}

export interface ScenarioContext {
  session: CloudSession;
  size: number;
  /** Records the traces of what `requests` sends (and of the consumers it sets off). */
  measure(requests: () => Promise<void>): Promise<void>;
  /** A user with a fresh id (unique across sizes and runs), seeded in the users table. */
  newUser(label: string): Promise<SessionUser & { token: string }>;
  /** Waits until every trace and consumer has settled (nothing received for a while). */
  settle(): Promise<void>;
  /** The API answer, or an error naming the request when the status is not the expected one. */
  expectApi<T = Record<string, unknown>>(
    method: string,
    path: string,
    expected: number,
    options?: { token?: string; body?: unknown },
  ): Promise<T>;
}
