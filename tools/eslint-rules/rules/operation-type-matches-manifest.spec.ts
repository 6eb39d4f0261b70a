import { join } from 'node:path';
import { RULE_NAME, rule } from './operation-type-matches-manifest';
import { createRuleTester } from './rule-tester';

// A real manifest on disk (__fixtures__/apps/demo/src/manifest.ts), read by the rule as source.
const app = join(__dirname, '__fixtures__/apps/demo');
const createThing = join(app, 'src/handlers/create-thing.ts');

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    {
      code: `export const handler = withTracing(async () => ok(), { operationType: 'CREATE_THING' });`,
      filename: createThing,
    },
    {
      code: `export const handler = obs.withTracing(run, { operationType: \`ARCHIVE_THINGS\` });`,
      filename: join(app, 'src/handlers/archive-things.ts'),
    },
    {
      // A helper module beside the handlers wraps nothing: nothing to compare.
      code: `export const shared = (event) => event;`,
      filename: join(app, 'src/handlers/shared-parsing.ts'),
    },
    {
      // Tests and modules outside src/handlers/ are not handlers.
      code: `const h = withTracing(run, { operationType: 'OTHER' });`,
      filename: join(app, 'src/handlers/create-thing.spec.ts'),
    },
    {
      code: `const h = withTracing(run, { operationType: 'OTHER' });`,
      filename: join(app, 'src/domain/thing.ts'),
    },
  ],
  invalid: [
    {
      code: `export const handler = withTracing(run, { operationType: 'CREATE_ITEM' });`,
      filename: createThing,
      errors: [
        {
          messageId: 'mismatch',
          data: {
            actual: 'CREATE_ITEM',
            expected: '"CREATE_THING"',
            entry: 'src/handlers/create-thing.ts',
          },
        },
      ],
    },
    {
      code: `export const handler = withTracing(run, { operationType: 'ARCHIVE_THINGS' });`,
      filename: join(app, 'src/handlers/forgotten.ts'),
      errors: [{ messageId: 'notInManifest' }],
    },
    {
      code: `const TYPE = 'CREATE_THING';\nexport const handler = withTracing(run, { operationType: TYPE });`,
      filename: createThing,
      errors: [{ messageId: 'notLiteral', line: 2 }],
    },
  ],
});
