import { promptForTriggerOptions } from './prompt-trigger-options';

describe('promptForTriggerOptions', () => {
  it('asks nothing outside an interactive nx g, leaving validation to name what is missing', async () => {
    const schema = { project: 'posts', name: 'archive-post', trigger: 'api' } as const;
    await expect(promptForTriggerOptions(schema, false)).resolves.toBe(schema);
  });

  it('asks nothing when the trigger has every option it needs', async () => {
    const schema = { project: 'posts', name: 'x', trigger: 'kinesis', stream: 'events' } as const;
    await expect(promptForTriggerOptions(schema, true)).resolves.toEqual(schema);
  });
});
