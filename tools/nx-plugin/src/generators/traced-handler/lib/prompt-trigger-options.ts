import { isInteractive, selectPrompt, textPrompt } from '@nx/devkit/internal';
import { resources, type HttpMethod } from '@traced-social/manifest';
import type { TracedHandlerGeneratorSchema } from '../schema';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Asks for the options the chosen trigger needs and the command line left out (a schema
 * `x-prompt` would ask every trigger's options). Only in an interactive `nx g`; otherwise the
 * options are left as given and validation names what is missing.
 */
export async function promptForTriggerOptions(
  schema: TracedHandlerGeneratorSchema,
  interactive: boolean = isInteractive(),
): Promise<TracedHandlerGeneratorSchema> {
  if (!interactive) return schema;
  const answers = { ...schema };
  switch (schema.trigger) {
    case 'api':
      answers.method ??= await selectPrompt({ message: 'HTTP method?', choices: METHODS });
      answers.path ??= await textPrompt({
        message: 'Route path?',
        placeholder: '/posts/{postId}/archive',
        validate: (value) => (value.startsWith('/') ? undefined : 'A path starts with /'),
      });
      break;
    case 'kinesis':
      answers.stream ??= await selectPrompt({
        message: 'Which stream?',
        choices: Object.keys(resources.streams),
      });
      break;
    case 'dynamodb-stream':
      answers.table ??= await selectPrompt({
        message: 'Which table (tables with a stream)?',
        choices: Object.entries(resources.tables)
          .filter(([, table]) => 'stream' in table)
          .map(([name]) => name),
      });
      break;
    default:
      break;
  }
  return answers;
}
