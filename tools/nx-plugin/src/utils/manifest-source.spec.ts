import { appendFunction, parseManifestSource, ManifestSourceError } from './manifest-source';

const manifest = (functions: string): string =>
  `import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'feed',
  service: 'feed-service',
  functions: ${functions},
});
`;

const element = (indent: string): string => `{\n${indent}  name: 'x',\n${indent}}`;

describe('parseManifestSource', () => {
  it('reads the app, the service and every literal function with its trigger', () => {
    const source = manifest(`[
    {
      name: 'get-feed',
      entry: 'src/handlers/get-feed.ts',
      operationType: 'GET_FEED',
      trigger: { type: 'api', method: 'GET', path: '/feed' } as const,
    },
    { name: 'fan-out', entry: 'src/handlers/fan-out.ts', operationType: 'FAN_OUT', trigger: { type: 'kinesis', stream: 'events', batchSize: 10 } },
    ...extraFunctions,
  ]`);
    const parsed = parseManifestSource(source, 'manifest.ts');
    expect(parsed.manifest).toEqual({
      app: 'feed',
      service: 'feed-service',
      functions: [
        {
          name: 'get-feed',
          entry: 'src/handlers/get-feed.ts',
          operationType: 'GET_FEED',
          trigger: { type: 'api', method: 'GET', path: '/feed' },
        },
        {
          name: 'fan-out',
          entry: 'src/handlers/fan-out.ts',
          operationType: 'FAN_OUT',
          trigger: { type: 'kinesis', stream: 'events' },
        },
      ],
    });
    expect(parsed.unreadable).toBe(1);
  });

  it('refuses a file without defineApp or with a functions array it cannot edit', () => {
    expect(() => parseManifestSource('export const x = 1;', 'm.ts')).toThrow(ManifestSourceError);
    expect(() =>
      parseManifestSource(`defineApp({ app: 'a', service: 'a', functions })`, 'm.ts'),
    ).toThrow('m.ts: defineApp({ functions: [...] }) must be an array literal');
  });
});

describe('appendFunction', () => {
  it('appends to an empty array', () => {
    expect(appendFunction(manifest('[]'), 'm.ts', element)).toBe(
      manifest(`[\n    {\n      name: 'x',\n    },\n  ]`),
    );
  });

  it('appends after a last element with or without a trailing comma', () => {
    const expected = manifest(`[\n    { name: 'a' },\n    {\n      name: 'x',\n    },\n  ]`);
    expect(appendFunction(manifest(`[\n    { name: 'a' },\n  ]`), 'm.ts', element)).toBe(expected);
    expect(appendFunction(manifest(`[\n    { name: 'a' }\n  ]`), 'm.ts', element)).toBe(expected);
  });

  it('appends to a one-line array (the formatter then lays it out)', () => {
    expect(appendFunction(manifest(`[{ name: 'a' }]`), 'm.ts', element)).toBe(
      manifest(`[{ name: 'a' },\n    {\n      name: 'x',\n    },\n  ]`),
    );
  });

  it('keeps a comment that closes the array', () => {
    const result = appendFunction(
      manifest(`[\n    { name: 'a' },\n    // more to come\n  ]`),
      'm.ts',
      element,
    );
    expect(result).toContain(
      `    { name: 'a' },\n    {\n      name: 'x',\n    },\n    // more to come\n  ]`,
    );
  });
});
