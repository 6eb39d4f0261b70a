import { randomUUID } from 'node:crypto';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import type { AppManifest } from '@traced-social/manifest';
import {
  deriveShapes,
  observeTrace,
  type Observation,
  type OperationShape,
} from '@traced-social/trace-shapes';
import type { Scenario, ScenarioContext } from './scenario';

/** Two sizes are enough to tell "once" from "per item"; 2 and 5 keep the recording short. */
export const RECORDED_SIZES = [2, 5];
/** Nothing received by the collector for this long: every consumer and trace has settled. */
const QUIET_MS = 2000;
const SETTLE_LIMIT_MS = 120_000;

export interface RecordOptions {
  sizes?: number[];
  log?: (line: string) => void;
}

/**
 * Runs an app's scenario against the local cloud in-process: once at size 1 to warm every
 * function up (cold starts are not part of a shape), then at each size, and derives the shapes of
 * the app's operations from the traces read back from the collector's X-Ray API.
 */
export async function recordShapes(
  scenario: Scenario,
  options: RecordOptions = {},
): Promise<Map<string, OperationShape>> {
  const log = options.log ?? (() => undefined);
  const session = await startCloudSession({ apps: scenario.apps, configure: forRecording });
  // Traces with a segment of this app (its handlers' `Service` annotation), through X-Ray's API.
  const appTraces = () => session.findTraces(`annotation.Service = "${scenario.app}"`);
  const prefix = session.cloud.names.table('');
  const resourceName = (physical: string) =>
    physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
  try {
    const observations: Observation[] = [];
    log(`${scenario.app}: warming up every function (size 1, not recorded)`);
    await scenario.run(contextFor(session, 1, async (requests) => requests()));
    for (const size of options.sizes ?? RECORDED_SIZES) {
      log(`${scenario.app}: recording at size ${size}`);
      const measure = async (requests: () => Promise<void>) => {
        await settle(session);
        const before = new Set(await appTraces());
        await requests();
        await settle(session);
        const fresh = (await appTraces()).filter((id) => !before.has(id));
        for (const id of fresh) {
          const seen = observeTrace(await session.readTrace(id), { size, resourceName });
          if (seen && seen.app === scenario.app) observations.push(seen);
        }
      };
      await scenario.run(contextFor(session, size, measure));
    }
    return deriveShapes(observations, {
      sizeUnit: (operation) => scenario.sizeUnits[operation] ?? scenario.sizeUnits.default,
    });
  } finally {
    await session.stop();
  }
}

/**
 * No timer may change a trace: scheduled functions run only when a scenario invokes them, and
 * parameters (the token keys) stay cached once read, as they do for minutes in AWS; locally they
 * are re-read every 2 s, which would put a `GetSecretValue` into whichever request came late.
 */
function forRecording(manifest: AppManifest): AppManifest {
  return {
    ...manifest,
    functions: manifest.functions.map((fn) => ({
      ...fn,
      environment: { ...fn.environment, POWERTOOLS_PARAMETERS_MAX_AGE: String(24 * 3600) },
      ...(fn.trigger.type === 'schedule'
        ? { trigger: { ...fn.trigger, expression: 'rate(365 days)' } }
        : {}),
    })),
  };
}

function contextFor(
  session: CloudSession,
  size: number,
  measure: ScenarioContext['measure'],
): ScenarioContext {
  const expectApi: ScenarioContext['expectApi'] = async (method, path, expected, options) => {
    const answer = await session.api(method, path, options);
    if (answer.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${answer.status} (expected ${expected}): ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body as never;
  };
  return {
    session,
    size,
    measure,
    settle: () => settle(session),
    expectApi,
    newUser: async (label) => {
      const user = { userId: `${label}-${randomUUID()}`, username: `${label}${size}` };
      await session.seedUser(user);
      return { ...user, token: await session.tokenFor(user) };
    },
  };
}

/** Waits until the collector has received nothing for {@link QUIET_MS}. */
async function settle(session: CloudSession): Promise<void> {
  const started = Date.now();
  let last = session.cloud.collector.stats().received;
  let quietSince = Date.now();
  while (Date.now() - quietSince < QUIET_MS) {
    if (Date.now() - started > SETTLE_LIMIT_MS) {
      throw new Error(`traces kept arriving for ${SETTLE_LIMIT_MS / 1000} s: nothing settles`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = session.cloud.collector.stats().received;
    if (received !== last) {
      last = received;
      quietSince = Date.now();
    }
  }
}
