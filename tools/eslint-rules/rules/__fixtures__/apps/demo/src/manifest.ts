import { defineApp } from '@traced-social/manifest';

/** A manifest for the operation-type-matches-manifest rule's tests (read as source, never run). */
export const manifest = defineApp({
  app: 'demo',
  service: 'demo',
  functions: [
    {
      name: 'create-thing',
      entry: 'src/handlers/create-thing.ts',
      operationType: 'CREATE_THING',
      trigger: { type: 'api', method: 'POST', path: '/things', auth: true },
    },
    {
      name: 'archive-things',
      entry: 'src/handlers/archive-things.ts',
      operationType: 'ARCHIVE_THINGS',
      trigger: { type: 'schedule', expression: 'rate(1 day)' },
    },
  ],
});
