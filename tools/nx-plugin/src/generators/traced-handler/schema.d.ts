import type { HttpMethod, Trigger } from '@traced-social/manifest';

/** The manifest's trigger kinds: a new kind there is a new choice here. */
export type TriggerType = Trigger['type'];

export interface TracedHandlerGeneratorSchema {
  /** The domain app (an Nx project with `src/manifest.ts`). */
  project: string;
  /** kebab-case handler name: file, bundle and Lambda function. */
  name: string;
  trigger: TriggerType;
  /** api: HTTP method. */
  method?: HttpMethod;
  /** api: route path with `{param}` segments, e.g. `/posts/{postId}/archive`. */
  path?: string;
  /** api: whether the route needs a bearer JWT (default true). */
  auth?: boolean;
  /** kinesis: the stream consumed. */
  stream?: string;
  /** dynamodb-stream: the table whose stream is consumed. */
  table?: string;
  /** schedule: `rate(...)` or `cron(...)` (default `rate(1 hour)`). */
  schedule?: string;
  /** UPPER_SNAKE operationType annotation (default: the name in UPPER_SNAKE). */
  operationType?: string;
  skipFormat?: boolean;
}
