import type { StageConfig } from './stage';

/**
 * The stage's alert subscribers: its configuration, plus what the CDK context adds
 * (`-c alertEmails=a@x,b@y`, `-c pagerDuty=true|false`). A prod stage nobody would hear fails
 * here, at synthesis, rather than after the first silent incident.
 */
export function alertSubscriptions(
  config: StageConfig,
  context: (key: string) => unknown,
): StageConfig['alerts'] {
  const extraEmails = String(context('alertEmails') ?? '')
    .split(',')
    .map((email) => email.trim())
    .filter(Boolean);
  const invalid = extraEmails.filter((email) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email));
  if (invalid.length) throw new Error(`alertEmails: not an email address: ${invalid.join(', ')}`);
  const pagerDutyContext = context('pagerDuty');
  if (
    pagerDutyContext !== undefined &&
    !['true', 'false', true, false].includes(pagerDutyContext as string)
  ) {
    throw new Error(`pagerDuty must be "true" or "false", not "${String(pagerDutyContext)}"`);
  }
  const alerts = {
    emails: [...new Set([...config.alerts.emails, ...extraEmails])],
    pagerDuty:
      pagerDutyContext === undefined
        ? config.alerts.pagerDuty
        : String(pagerDutyContext) === 'true',
  };
  if (config.stage === 'prod' && !alerts.emails.length && !alerts.pagerDuty) {
    throw new Error(
      'Stage prod has no alert subscriber: every alarm would notify a topic nobody reads. ' +
        'Set alerts.emails or alerts.pagerDuty in infra/src/config/stage.ts, or pass ' +
        '-c alertEmails=<address,...> or -c pagerDuty=true',
    );
  }
  return alerts;
}
