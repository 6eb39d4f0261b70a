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

/**
 * Called by JSON.stringify for every key and value of a log item (objects are then walked by
 * JSON.stringify itself): values under sensitive keys go whole, strings are redacted as trace
 * strings are (JSON, form and URL strings by key, free text by pattern), card numbers written as
 * numbers go too.
 */
function redactLogValue(r: Redactor, key: string, value: unknown): unknown {
  if (key && r.isSensitiveKey(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return r.redactString(value);
  return typeof value === 'number' ? r.redact(value) : value;
}
