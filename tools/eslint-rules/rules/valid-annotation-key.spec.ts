import { createRuleTester } from './rule-tester';
import { DEFAULT_ANNOTATION_KEYS, RULE_NAME, rule, toAnnotationKey } from './valid-annotation-key';

describe('toAnnotationKey', () => {
  it('turns separated words into one camelCase key', () => {
    expect(toAnnotationKey('cache.hit')).toBe('cacheHit');
    expect(toAnnotationKey('error-type')).toBe('errorType');
    expect(toAnnotationKey('Cold Start')).toBe('coldStart');
  });
});

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    `annotate('cacheHit', hit);`,
    `annotate('operationType', 'CREATE_POST');`,
    `annotate(key, value);`,
    `await tracedOperation('GetFeed', load, { annotations: { cacheHit: false, userId } });`,
    { code: `annotate('shard_id', id);`, options: [{ extraKeys: ['shard_id'] }] },
    `const config = { cache: { 'x.y': 1 } };`,
  ],
  invalid: [
    {
      code: `annotate('cache.hit', hit);`,
      output: `annotate('cacheHit', hit);`,
      errors: [{ messageId: 'notIndexable', data: { key: 'cache.hit', hint: ' Use "cacheHit".' } }],
    },
    {
      code: 'tracer.putAnnotation(`error-type`, name);',
      output: 'tracer.putAnnotation(`errorType`, name);',
      errors: [{ messageId: 'notIndexable' }],
    },
    {
      code: `await tracedOperation('GetFeed', load, { annotations: { "cache.hit": true } });`,
      output: `await tracedOperation('GetFeed', load, { annotations: { "cacheHit": true } });`,
      errors: [{ messageId: 'notIndexable' }],
    },
    {
      // Not fixable: camelCasing gives a key outside the typed set.
      code: `annotate('feed.page', n);`,
      output: null,
      errors: [{ messageId: 'notIndexable', data: { key: 'feed.page', hint: '' } }],
    },
    {
      code: `annotate('favouriteColour', c);`,
      errors: [
        {
          messageId: 'unknownKey',
          data: { key: 'favouriteColour', keys: DEFAULT_ANNOTATION_KEYS.join(', ') },
        },
      ],
    },
    {
      code: `annotate('userId', u); annotate('region', r);`,
      options: [{ keys: ['userId'] }],
      errors: [{ messageId: 'unknownKey', data: { key: 'region', keys: 'userId' } }],
    },
  ],
});
