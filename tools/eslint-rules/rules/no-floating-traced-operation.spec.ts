import { createRuleTester } from './rule-tester';
import { RULE_NAME, rule } from './no-floating-traced-operation';

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    `async function f() { await tracedOperation('Save', async () => save()); }`,
    `function f() { return tracedOperation('Save', () => save()); }`,
    `const f = () => tracedOperation('Save', () => save());`,
    `async function f() { const post = await tracedOperation('Load', () => load()); return post; }`,
    `async function f() { await Promise.all([tracedOperation('A', a), tracedOperation('B', b)]); }`,
    `async function f() { const p = tracedOperation('A', a); await other(); await p; }`,
    `function f() { const p = tracedOperation('A', a); return p.then((x) => x * 2); }`,
    `async function f() { return ok ? tracedOperation('A', a) : null; }`,
    `async function f() { await tracedOperation('A', a).catch(recover); }`,
    // A synchronous callback: the value is returned synchronously, nothing floats.
    `tracedOperation('Parse', () => { parse(text); });`,
    `async function f(r) { await processInProducerTrace(r, 'Apply', async () => apply(r)); }`,
  ],
  invalid: [
    {
      code: `async function f() { tracedOperation('Save', async () => save()); }`,
      errors: [{ messageId: 'floating', data: { name: 'tracedOperation' } }],
    },
    {
      code: `async function f() { tracedOperation('Save', save).then(done); }`,
      errors: [{ messageId: 'floating' }],
    },
    {
      code: `async function f() { void tracedOperation('Save', async () => save()); }`,
      errors: [{ messageId: 'discarded' }],
    },
    {
      code: `async function f() { const p = tracedOperation('Save', save); return 1; }`,
      errors: [{ messageId: 'floating' }],
    },
    {
      code: `async function f() { const p = tracedOperation('Save', save); p.then(done); }`,
      errors: [{ messageId: 'floating' }],
    },
    {
      code: `records.forEach(async (r) => { processInProducerTrace(r, 'Apply', async () => apply(r)); });`,
      errors: [{ messageId: 'floating', data: { name: 'processInProducerTrace' } }],
    },
    {
      code: `async function f() { obs.tracedOperation('Save', () => client.send(cmd)); }`,
      errors: [{ messageId: 'floating', data: { name: 'obs.tracedOperation' } }],
    },
    {
      code: `async function f() { traceThing('Save', async () => 1); }`,
      options: [{ functions: ['traceThing'] }],
      errors: [{ messageId: 'floating', data: { name: 'traceThing' } }],
    },
  ],
});
