import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateGroupCommand,
  CreateSamplingRuleCommand,
  GetGroupsCommand,
  GetSamplingRulesCommand,
  UpdateSamplingRuleCommand,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { startCollector, type Collector } from '../collector';
import { MATCHES_EVERY_REQUEST } from '../sampling';
import { allSummaries, localXRayClient, sampleTrace } from '../testing';
import { CONTROL_PLANE_FILE_NAME } from './control-plane-file';

const userRule = {
  RuleName: 'user-errors',
  ResourceARN: '*',
  Priority: 50,
  FixedRate: 0.25,
  ReservoirSize: 3,
  ...MATCHES_EVERY_REQUEST,
  Version: 1,
};

/** What the local cloud creates in-process at every start, from the shared definition. */
const definedRule = { ...userRule, RuleName: 'defined-rule', Priority: 60 };

describe('sampling rules and groups across restarts', () => {
  let dir: string;
  const running: Array<{ collector: Collector; client: XRayClient }> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trace-collector-control-plane-'));
  });
  afterEach(async () => {
    for (const { collector, client } of running.splice(0)) {
      client.destroy();
      await collector.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  /** A collector keeping its data in `dir`, as `npm start` runs it. */
  const start = async () => {
    const collector = await startCollector({ port: 0, persistFile: join(dir, 'traces.jsonl') });
    const client = localXRayClient(collector.url);
    running.push({ collector, client });
    return { collector, client };
  };
  const stop = async () => {
    const { collector, client } = running.pop() ?? {};
    client?.destroy();
    await collector?.close();
  };

  it('keeps what users created through the API; the definition is recreated by its owner', async () => {
    const first = await start();
    first.collector.samplingRules.create({ ...definedRule });
    const created = await first.client.send(
      new CreateSamplingRuleCommand({ SamplingRule: userRule }),
    );
    await first.client.send(
      new UpdateSamplingRuleCommand({
        SamplingRuleUpdate: { RuleName: 'user-errors', FixedRate: 0.5 },
      }),
    );
    const { Group } = await first.client.send(
      new CreateGroupCommand({ GroupName: 'user-faults', FilterExpression: 'fault' }),
    );
    await stop();

    const second = await start();
    const rules = await second.client.send(new GetSamplingRulesCommand({}));
    expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual([
      'user-errors',
      'Default',
    ]);
    expect(rules.SamplingRuleRecords?.[0]).toEqual({
      ...created.SamplingRuleRecord,
      SamplingRule: { ...created.SamplingRuleRecord?.SamplingRule, FixedRate: 0.5 },
      ModifiedAt: expect.any(Date),
    });
    const groups = await second.client.send(new GetGroupsCommand({}));
    expect(groups.Groups).toEqual([expect.objectContaining({ GroupName: 'Default' }), Group]);
    // The restored group's expression works in queries.
    const crash = sampleTrace({ status: 500 });
    crash.documents.forEach((d) => second.collector.ingest(d));
    const found = await allSummaries(second.client, {
      FilterExpression: 'group.name = "user-faults"',
    });
    expect(found.map((s) => s.Id)).toEqual([crash.traceId]);
  });

  it('lets the shared definition replace a saved user rule or group of the same name', async () => {
    const first = await start();
    await first.client.send(
      new CreateSamplingRuleCommand({ SamplingRule: { ...userRule, RuleName: 'defined-rule' } }),
    );
    await first.client.send(
      new CreateGroupCommand({ GroupName: 'defined', FilterExpression: 'ok' }),
    );
    await stop();

    const second = await start();
    second.collector.samplingRules.create({ ...definedRule });
    second.collector.groups.create({ GroupName: 'defined', FilterExpression: 'fault' });
    expect(second.collector.samplingRules.get('defined-rule')?.SamplingRule.Priority).toBe(60);
    expect(second.collector.groups.get('defined')?.FilterExpression).toBe('fault');
    await stop();
    // Now defined in-process, they are no longer the user's: nothing is left to restore.
    const saved = JSON.parse(await readFile(join(dir, CONTROL_PLANE_FILE_NAME), 'utf8'));
    expect(saved).toEqual({ samplingRules: [], groups: [] });
  });

  it('refuses to start over a saved file that is not JSON, rather than lose it', async () => {
    await writeFile(join(dir, CONTROL_PLANE_FILE_NAME), '{ "samplingRules": [');
    await expect(start()).rejects.toThrow(`${CONTROL_PLANE_FILE_NAME} is not JSON`);
  });
});
