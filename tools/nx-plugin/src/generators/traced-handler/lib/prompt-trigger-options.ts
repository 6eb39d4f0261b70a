import type { HttpMethod } from '@traced-social/manifest';
import type { TracedHandlerGeneratorSchema } from '../schema';
import { streamNames, tablesWithStream } from './validate-options';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A terminal a person answers: `nx g` in a shell, not CI nor a pipe. */
export const isInteractive = (): boolean =>
  Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;

/**
 * Asks for the options the chosen trigger needs and the command line left out (a schema
 * `x-prompt` would ask every trigger's options), with the prompts Nx itself uses
 * (`@clack/prompts`, an ES module: loaded only when asking). Only in an interactive `nx g`;
 * otherwise the options are left as given and validation names what is missing.
 */
export async function promptForTriggerOptions(
  schema: TracedHandlerGeneratorSchema,
  interactive: boolean = isInteractive(),
): Promise<TracedHandlerGeneratorSchema> {
  const missing =
    (schema.trigger === 'api' && (!schema.method || !schema.path)) ||
    (schema.trigger === 'kinesis' && !schema.stream) ||
    (schema.trigger === 'dynamodb-stream' && !schema.table);
  if (!interactive || !missing) return schema;
  const { select, text, isCancel } = await import('@clack/prompts');
  const answer = <T>(value: T | symbol): T => {
    if (isCancel(value)) throw new Error('traced-handler: cancelled, nothing was generated.');
    return value;
  };
  const choose = async (message: string, choices: string[]): Promise<string> =>
    answer(await select({ message, options: choices.map((value) => ({ value, label: value })) }));
  const answers = { ...schema };
  switch (schema.trigger) {
    case 'api':
      answers.method ??= (await choose('HTTP method?', METHODS)) as HttpMethod;
      answers.path ??= answer(
        await text({
          message: 'Route path?',
          placeholder: '/posts/{postId}/archive',
          validate: (value) => (value?.startsWith('/') ? undefined : 'A path starts with /'),
        }),
      );
      break;
    case 'kinesis':
      answers.stream ??= await choose('Which stream?', streamNames());
      break;
    case 'dynamodb-stream':
      answers.table ??= await choose('Which table (tables with a stream)?', tablesWithStream());
      break;
    default:
      break;
  }
  return answers;
}
