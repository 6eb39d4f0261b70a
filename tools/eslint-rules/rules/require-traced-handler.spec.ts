import { createRuleTester } from './rule-tester';
import { RULE_NAME, rule } from './require-traced-handler';

const handlerFile = '/work/apps/posts/src/handlers/create-post.ts';

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    {
      code: `export const handler = withTracing(async (event) => ok(event), { operationType: 'CREATE_POST' });`,
      filename: handlerFile,
    },
    {
      code: `const handler = obs.withTracing(run, { operationType: 'X' }); export { handler };`,
      filename: handlerFile,
    },
    {
      code: `export const handler = withTracing(run, { operationType: 'X' }) satisfies Handler;`,
      filename: handlerFile,
    },
    {
      // Not a handler module: the rule does not apply.
      code: `export async function handler() {}`,
      filename: '/work/apps/posts/src/domain/post.ts',
    },
    {
      code: `export async function handler() {}`,
      filename: '/work/apps/posts/src/handlers/create-post.spec.ts',
    },
    {
      code: `export const processRecord = async (r) => r;\nexport const handler = withTracing(run, { operationType: 'X' });`,
      filename: handlerFile,
    },
    {
      code: `export const handler = traced(run);`,
      filename: '/src/lambda/run.ts',
      options: [{ wrappers: ['traced'], files: '/lambda/' }],
    },
  ],
  invalid: [
    {
      code: `export async function handler(event) { return ok(event); }`,
      filename: handlerFile,
      errors: [{ messageId: 'notWrapped', data: { name: 'handler', wrappers: 'withTracing' } }],
    },
    {
      code: `export const handler = async (event) => ok(event);`,
      filename: handlerFile,
      errors: [{ messageId: 'notWrapped' }],
    },
    {
      code: `const run = async () => 1;\nexport { run as handler };`,
      filename: handlerFile,
      errors: [{ messageId: 'notWrapped', line: 2 }],
    },
    {
      code: `export default withTracing(run, { operationType: 'X' });`,
      filename: 'C:\\repo\\apps\\feed\\src\\handlers\\get-feed.ts',
      errors: [{ messageId: 'defaultExport' }],
    },
    {
      code: `export const main = tracer.captureLambdaHandler(run);`,
      filename: handlerFile,
      options: [{ handlerNames: ['main'] }],
      errors: [{ messageId: 'notWrapped', data: { name: 'main', wrappers: 'withTracing' } }],
    },
  ],
});
