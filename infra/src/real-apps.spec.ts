import { Match } from 'aws-cdk-lib/assertions';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { VPC_ENI_ACTIONS } from './app-stack/grants';
import { discoverApps, WORKSPACE_ROOT } from './discover';
import { synthesise, type Synthesised } from './testing/synth';
import {
  apiRoutes,
  functionLogicalId,
  functionStatements,
  resourcesOfType,
} from './testing/template-helpers';

/**
 * Synthesises every app of the workspace as it is today (however many there are): each manifest
 * route and event source must exist and point at its handler, and cdk-nag must pass.
 */
const discovered = discoverApps();

describe('the real apps of the workspace', () => {
  let synth: Synthesised;

  beforeAll(() => {
    synth = synthesise({ apps: discovered });
  });

  it('discovers every apps/<app>/src/manifest.ts', () => {
    const appsDir = join(WORKSPACE_ROOT, 'apps');
    const withManifest = existsSync(appsDir)
      ? readdirSync(appsDir).filter((dir) => existsSync(join(appsDir, dir, 'src/manifest.ts')))
      : [];
    expect(discovered.map((found) => found.manifest.app).sort()).toEqual(withManifest.sort());
    expect(synth.apps.map((stack) => stack.stackName).sort()).toEqual(
      withManifest.map((app) => `traced-social-dev-${app}`).sort(),
    );
  });

  it.each(discovered.map((found) => [found.manifest.app, found] as const))(
    '%s: every function is traced and wired to its trigger',
    (app, found) => {
      const template = synth.template(`traced-social-dev-${app}`);
      const routes: string[] = [];
      for (const fn of found.manifest.functions) {
        const name = `traced-social-dev-${app}-${fn.name}`;
        const id = functionLogicalId(template, name);
        const props = resourcesOfType(template, 'AWS::Lambda::Function')[id].Properties!;
        expect(props.TracingConfig).toEqual({ Mode: 'Active' });
        expect(
          (props.Environment as { Variables: Record<string, unknown> }).Variables,
        ).toMatchObject({ POWERTOOLS_SERVICE_NAME: found.manifest.service, STAGE: 'dev' });
        for (const statement of functionStatements(template, name)) {
          expect(statement.actions.filter((action) => action.includes('*'))).toEqual([]);
          if (statement.resources.includes('*')) {
            // X-Ray, or the network interfaces of a function in the VPC (grants.ts)
            const allowed = fn.uses?.redis ? [...VPC_ENI_ACTIONS, 'xray:'] : ['xray:'];
            expect(
              statement.actions.every((action) => allowed.some((a) => action.startsWith(a))),
            ).toBe(true);
          }
        }
        const trigger = fn.trigger;
        if (trigger.type === 'api') routes.push(`${trigger.method} ${trigger.path} -> ${id}`);
        if (trigger.type === 'kinesis' || trigger.type === 'dynamodb-stream') {
          template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
            FunctionName: { Ref: id },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          });
        }
        if (trigger.type === 'schedule') {
          template.hasResourceProperties('AWS::Events::Rule', {
            ScheduleExpression: trigger.expression,
            Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })],
          });
        }
      }
      expect(apiRoutes(template)).toEqual(routes.sort());
    },
  );

  it("lets the sampling controller update only its own stage's sampling rules", () => {
    const template = synth.template('traced-social-dev-ops');
    const statements = functionStatements(template, 'traced-social-dev-ops-sampling-controller');
    const updates = statements.filter((s) => s.actions.includes('xray:UpdateSamplingRule'));
    expect(updates.flatMap((s) => s.resources)).toEqual([
      expect.stringMatching(/:xray:.*:sampling-rule\/dev-\*$/),
    ]);
    expect(statements.flatMap((s) => s.actions)).not.toContain('xray:CreateSamplingRule');
    expect(statements.flatMap((s) => s.actions)).not.toContain('xray:DeleteSamplingRule');
    const fn = functionLogicalId(template, 'traced-social-dev-ops-sampling-controller');
    const props = resourcesOfType(template, 'AWS::Lambda::Function')[fn].Properties!;
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      SAMPLING_PROFILE: 'dev',
    });
  });
});
