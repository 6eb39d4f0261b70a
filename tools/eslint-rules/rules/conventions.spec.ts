import {
  ANNOTATION_KEYS,
  DEFAULT_SENSITIVE_KEYS,
  SUBSEGMENT_BUDGET,
} from '@traced-social/observability';
import { DEFAULT_MAX } from './max-subsegments';
import { DEFAULT_SENSITIVE_NAMES } from './no-sensitive-trace-data';
import { DEFAULT_ANNOTATION_KEYS } from './valid-annotation-key';

/**
 * The rules carry copies of the observability lib's conventions (so linting never loads the
 * tracing backend); these checks fail as soon as the lib's and the rules' copies drift apart.
 */
describe('the rules follow the observability lib', () => {
  it('valid-annotation-key knows exactly the typed annotation keys', () => {
    expect([...DEFAULT_ANNOTATION_KEYS].sort()).toEqual([...ANNOTATION_KEYS].sort());
  });

  it('no-sensitive-trace-data flags every key the lib redacts', () => {
    const uncovered = DEFAULT_SENSITIVE_KEYS.filter(
      (key) => !DEFAULT_SENSITIVE_NAMES.some((fragment) => key.includes(fragment)),
    );
    expect(uncovered).toEqual([]);
  });

  it('max-subsegments allows as many static subsegments as the budget', () => {
    expect(DEFAULT_MAX).toBe(SUBSEGMENT_BUDGET);
  });
});
