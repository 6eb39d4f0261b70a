import { createRuleTester } from './rule-tester';
import { RULE_NAME, rule } from './max-subsegments';

const calls = (n: number): string =>
  Array.from({ length: n }, (_, i) => `await tracedOperation('Step${i}', async () => i);`).join(
    '\n',
  );

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    `await tracedOperation('SaveAll', async () => { for (const p of posts) await save(p); });`,
    `for (let i = 0; i < 3; i++) await tracedOperation('Attempt', async () => send());`,
    `for (const table of ['users', 'posts']) await tracedOperation('Count', async () => count(table));`,
    `await Promise.all(ids.slice(0, 5).map((id) => tracedOperation('Load', () => load(id))));`,
    `for (const record of event.Records) {
       await processInProducerTrace(record, 'Apply', async () => {
         await tracedOperation('UpdateCache', () => update(record));
       });
     }`,
    calls(49),
    { code: calls(3), options: [{ max: 3 }] },
  ],
  invalid: [
    {
      code: `for (const post of posts) { await tracedOperation('SavePost', () => save(post)); }`,
      errors: [
        {
          messageId: 'inLoop',
          data: { name: 'tracedOperation', loop: 'a for…of loop', max: 49, bound: 10 },
        },
      ],
    },
    {
      code: `await Promise.all(ids.map((id) => tracedOperation('Load', () => load(id))));`,
      errors: [
        {
          messageId: 'inLoop',
          data: { name: 'tracedOperation', loop: 'a .map() callback', max: 49, bound: 10 },
        },
      ],
    },
    {
      code: `while (cursor) { cursor = await tracedOperation('Page', () => page(cursor)); }`,
      errors: [
        {
          messageId: 'inLoop',
          data: { name: 'tracedOperation', loop: 'a while loop', max: 49, bound: 10 },
        },
      ],
    },
    {
      code: `for (let i = 0; i < items.length; i++) obs.tracedOperation('Item', () => f(items[i]));`,
      errors: [
        {
          messageId: 'inLoop',
          data: { name: 'obs.tracedOperation', loop: 'a for loop', max: 49, bound: 10 },
        },
      ],
    },
    {
      code: `for (let i = 0; i < 20; i++) await tracedOperation('Retry', () => f());`,
      options: [{ loopBound: 5 }],
      errors: [
        {
          messageId: 'inLoop',
          data: { name: 'tracedOperation', loop: 'a for loop', max: 49, bound: 5 },
        },
      ],
    },
    {
      code: calls(50),
      errors: [
        { messageId: 'tooMany', data: { count: 50, max: 49, name: 'tracedOperation' }, line: 50 },
      ],
    },
    {
      code: `${calls(2)}\nrecords.forEach((r) => traceSpan('x', () => r));`,
      options: [{ max: 2, functions: ['tracedOperation', 'traceSpan'] }],
      errors: [
        { messageId: 'inLoop', line: 3 },
        { messageId: 'tooMany', data: { count: 3, max: 2, name: 'tracedOperation(), traceSpan' } },
      ],
    },
  ],
});
