import { randomUUID } from 'node:crypto';
import {
  GetSamplingRulesCommand,
  GetTraceSummariesCommand,
  UpdateSamplingRuleCommand,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { eventually } from '@traced-social/aws-clients/testing';
import {
  configureFunctions,
  startCloudSession,
  uniqueUser,
  type CloudSession,
} from '@traced-social/cloud-session';
import { localXRayClient } from '@traced-social/trace-collector/testing';
import { parseTraceHeader } from '@traced-social/trace-model';
import type { SamplingControllerResult } from './handlers/sampling-controller';

jest.setTimeout(300_000);

/** The controller's settings for a loop that runs in seconds instead of hours. */
const FAST = {
  SAMPLING_WINDOW_SECONDS: '10',
  SAMPLING_MIN_TRACES: '5',
  SAMPLING_COOLDOWN_SECONDS: '2',
  SAMPLING_MAX_BOOST_SECONDS: '600',
};
const RULE = 'local-likes-writes';
const BASE_RATE = 0.1; // prod's writes rate, from @traced-social/xray-config

/**
 * The whole adaptive-sampling loop on one machine, with prod's sampling rules: faults injected
 * into `likes-like-post` → the controller boosts the likes writes rule within two runs → a larger
 * share of the requests is recorded → faults stop → the rule decays back to its base rate.
 */
describe('the sampling controller on the local cloud (prod rules, injected faults)', () => {
  let session: CloudSession;
  let xray: XRayClient;
  let token: string;
  let postId: string;

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['likes', 'ops'],
      sampling: 'prod',
      configure: configureFunctions((fn, app) =>
        app === 'ops' ? { ...fn, environment: FAST } : fn,
      ),
    });
    xray = localXRayClient(session.cloud.collector.url);
    const user = uniqueUser('fan');
    token = await session.tokenFor(user);
    postId = await session.seedPost({ authorId: `author-${randomUUID()}` });
  });

  afterAll(async () => {
    xray?.destroy();
    await session?.stop();
  });

  const fixedRate = async () => {
    const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
    return SamplingRuleRecords?.find((r) => r.SamplingRule?.RuleName === RULE)?.SamplingRule
      ?.FixedRate;
  };
  /** Likes the post `count` times; the share of those requests that were sampled. */
  const likes = async (count: number) => {
    let sampled = 0;
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${session.cloud.apiUrl}/posts/${postId}/like`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      if (parseTraceHeader(response.headers.get('x-amzn-trace-id') ?? '')?.sampled) sampled++;
    }
    return sampled / count;
  };
  const runController = async () => {
    const outcome = await session.cloud.invoke('ops-sampling-controller', {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: new Date().toISOString(),
      detail: {},
    });
    if (!outcome.ok) throw new Error(`the controller failed: ${outcome.error.errorMessage}`);
    return outcome.value as SamplingControllerResult;
  };

  it('boosts the failing rule within two runs, records more of it, and decays back when faults stop', async () => {
    expect(await fixedRate()).toBe(BASE_RATE);
    // No reservoir, so the recorded shares below compare the fixed rates alone, whatever the
    // machine's speed (the reservoir's 2/s would weigh more on a slow run).
    await xray.send(
      new UpdateSamplingRuleCommand({ SamplingRuleUpdate: { RuleName: RULE, ReservoirSize: 0 } }),
    );
    const likePost = session.cloud.functions.get('likes-like-post');
    if (!likePost) throw new Error('no likes-like-post function');
    likePost.faultRate = 0.5;
    const shareBefore = await likes(200);

    const runs: SamplingControllerResult[] = [];
    for (let run = 0; run < 2 && (await fixedRate()) === BASE_RATE; run++) {
      runs.push(await runController());
    }
    expect(await fixedRate()).toBe(0.5);
    expect(runs.flatMap((r) => r.changes)).toEqual([
      expect.objectContaining({ rule: RULE, action: 'boost', from: BASE_RATE, to: 0.5 }),
    ]);

    // The same traffic is now recorded at 50 % instead of 10 %: 200 requests each, so the
    // difference (0.4) is within 0.2 of its expectation but for one run in about two million.
    const shareBoosted = await likes(200);
    expect(shareBoosted - shareBefore).toBeGreaterThan(0.2);

    // Each change is on the controller's trace, searchable by its annotations.
    const boosts = await xray.send(
      new GetTraceSummariesCommand({
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(),
        FilterExpression: `annotation.samplingAction = "boost" AND annotation.samplingRule = "${RULE}"`,
      }),
    );
    expect(boosts.TraceSummaries).toHaveLength(1);

    likePost.faultRate = 0;
    const steps = await eventually(
      'the rule to decay back to its base rate',
      async () => {
        await likes(10);
        const result = await runController();
        return (await fixedRate()) === BASE_RATE ? result : undefined;
      },
      120_000,
    );
    expect(steps.changes).toEqual([
      expect.objectContaining({ rule: RULE, action: 'restore', to: BASE_RATE }),
    ]);
    expect(steps.boostedRules).toEqual([]);
  });
});
