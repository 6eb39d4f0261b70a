import { DEFAULT_SENSITIVE_KEYS } from '@traced-social/observability';
import { DEFAULT_SENSITIVE_NAMES } from './no-sensitive-trace-data';

/**
 * The annotation keys and the subsegment budget come from the lib itself
 * (`@traced-social/observability/conventions`); the sensitive-name fragments are the rule's own
 * (it matches names in code, the lib matches keys at run time): this check keeps them covering
 * every key the lib redacts.
 */
describe('the rules follow the observability lib', () => {
  it('no-sensitive-trace-data flags every key the lib redacts', () => {
    const uncovered = DEFAULT_SENSITIVE_KEYS.filter(
      (key) => !DEFAULT_SENSITIVE_NAMES.some((fragment) => key.includes(fragment)),
    );
    expect(uncovered).toEqual([]);
  });
});
