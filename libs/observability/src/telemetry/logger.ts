import { Logger } from '@aws-lambda-powertools/logger';
import { REDACTED, type Redactor } from '../conventions/redaction';
import { redactor } from '../runtime';

/**
 * The structured JSON logger (Powertools Logger). Every value goes through the same redaction
 * as trace data: sensitive keys anywhere in a log item, and credential-looking strings inside any
 * message or error, are replaced before the line is written.
 */
export const logger: Logger = new Logger({
  jsonReplacerFn: (key: string, value: unknown) => redactLogValue(redactor(), key, value),
});

function redactLogValue(r: Redactor, key: string, value: unknown): unknown {
  if (key && r.isSensitiveKey(key) && value !== undefined && value !== null) return REDACTED;
  return typeof value === 'string' ? r.redactString(value) : value;
}
