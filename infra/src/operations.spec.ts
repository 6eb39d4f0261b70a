import { Match } from 'aws-cdk-lib/assertions';
import { fixtureApp, synthesise, type Synthesised } from './testing/synth';
import { renderValue, resourcesOfType } from './testing/template-helpers';

/**
 * Production operations (issue 16) on the fixture app, dev and prod: the alerting path, the
 * shield on public routes, coverage alarms, SLO burn-rate alerts, anomaly alarms, the canary.
 */
const fixture = fixtureApp();
const APP_STACK = (stage: string) => `traced-social-${stage}-fixture`;
const SHARED_STACK = (stage: string) => `traced-social-${stage}-shared`;

describe('production operations', () => {
  let dev: Synthesised;
  let prod: Synthesised;

  beforeAll(() => {
    dev = synthesise({ apps: [fixture], context: { alertEmails: 'oncall@example.com' } });
    prod = synthesise({ apps: [fixture], context: { stage: 'prod' } });
  });

  describe('alerting path', () => {
    it('creates an encrypted alerts topic in the shared stack and hands its ARN over through SSM', () => {
      const shared = dev.template(SHARED_STACK('dev'));
      const topics = resourcesOfType(shared, 'AWS::SNS::Topic');
      expect(Object.keys(topics)).toHaveLength(1);
      const [topicId] = Object.keys(topics);
      const keyRef = renderValue(shared, topics[topicId].Properties?.KmsMasterKeyId);
      expect(keyRef).toMatch(/^\{AlertsKey[0-9A-F]+\.Arn\}$/);
      shared.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
      shared.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/traced-social/dev/shared/alerts/topic-arn',
        Value: { Ref: topicId },
      });
    });

    it('subscribes the configured emails, and PagerDuty in prod from an SSM parameter', () => {
      dev.template(SHARED_STACK('dev')).hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
      });
      const shared = prod.template(SHARED_STACK('prod'));
      const subscriptions = Object.values(resourcesOfType(shared, 'AWS::SNS::Subscription'));
      expect(subscriptions.map((s) => s.Properties?.Protocol)).toEqual(['https']);
      expect(renderValue(shared, subscriptions[0].Properties?.Endpoint)).toBe(
        '{/traced-social/prod/alerts/pagerduty-url}',
      );
    });

    it('gives every alarm of every stack alarm and OK actions on the alerts topic', () => {
      let checked = 0;
      for (const [synth, stage] of [
        [dev, 'dev'],
        [prod, 'prod'],
      ] as const) {
        for (const stackName of [SHARED_STACK(stage), APP_STACK(stage)]) {
          const template = synth.template(stackName);
          const alarms = {
            ...resourcesOfType(template, 'AWS::CloudWatch::Alarm'),
            ...resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm'),
          };
          const topic =
            stackName === APP_STACK(stage)
              ? `{/traced-social/${stage}/shared/alerts/topic-arn}`
              : `{${Object.keys(resourcesOfType(template, 'AWS::SNS::Topic'))[0]}}`;
          for (const [id, alarm] of Object.entries(alarms)) {
            const actions = (key: string) =>
              ((alarm.Properties?.[key] ?? []) as unknown[]).map((arn) =>
                renderValue(template, arn),
              );
            expect({ id, alarm: actions('AlarmActions'), ok: actions('OKActions') }).toEqual({
              id,
              alarm: [topic],
              ok: [topic],
            });
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
    });

    it('refuses to synthesise prod when nobody would hear an alarm', () => {
      expect(() =>
        synthesise({ apps: [fixture], context: { stage: 'prod', pagerDuty: 'false' } }),
      ).toThrow(/Stage prod has no alert subscriber/);
      expect(() =>
        synthesise({ apps: [fixture], context: { alertEmails: 'not-an-address' } }),
      ).toThrow('alertEmails: not an email address: not-an-address');
    });
  });
});
