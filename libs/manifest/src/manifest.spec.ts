import {
  defineApp,
  findRouteClashes,
  tableEnvVar,
  tableName,
  validateAppManifest,
  type AppManifest,
} from './index';

const valid: AppManifest = {
  app: 'posts',
  service: 'posts',
  functions: [
    {
      name: 'create-post',
      entry: 'src/handlers/create-post.ts',
      operationType: 'CREATE_POST',
      trigger: { type: 'api', method: 'POST', path: '/posts' },
      uses: { tables: { posts: 'readwrite' }, publishes: ['events'], buckets: { media: 'write' } },
    },
  ],
};

describe('manifest', () => {
  it('accepts a valid app manifest', () => {
    expect(defineApp(valid)).toBe(valid);
  });

  it('names every problem of an invalid manifest', () => {
    const bad: AppManifest = {
      app: 'x',
      service: 'x',
      functions: [
        {
          name: 'Bad_Name',
          entry: 'handler.js',
          operationType: 'cache.hit',
          trigger: { type: 'api', method: 'GET', path: 'posts' },
        },
        {
          name: 'c',
          entry: 'src/c.ts',
          operationType: 'C',
          trigger: { type: 'kinesis', stream: 'nope' },
          uses: { tables: { ghosts: 'read' } },
        },
        {
          name: 'c',
          entry: 'src/d.ts',
          operationType: 'D',
          trigger: { type: 'dynamodb-stream', table: 'nope' },
        },
      ],
    };
    expect(validateAppManifest(bad)).toEqual([
      'function name "Bad_Name" must be kebab-case',
      'Bad_Name: operationType "cache.hit" must be UPPER_SNAKE',
      'Bad_Name: entry "handler.js" must be a .ts file under src/',
      'Bad_Name: path "posts" must look like /posts/{postId}',
      'c: unknown stream "nope"',
      'c: uses unknown table "ghosts"',
      'function name "c" is declared twice',
      'c: unknown table "nope"',
    ]);
    expect(() => defineApp(bad)).toThrow(/Manifest of app "x" is invalid/);
  });

  it('finds route clashes across apps, whatever the parameter names', () => {
    const other: AppManifest = {
      app: 'likes',
      service: 'likes',
      functions: [
        {
          name: 'get',
          entry: 'src/get.ts',
          operationType: 'GET',
          trigger: { type: 'api', method: 'POST', path: '/posts' },
        },
      ],
    };
    expect(findRouteClashes([valid, other])).toEqual([
      'POST /posts: posts/create-post and likes/get',
    ]);
  });

  it('maps resources to environment variables and reads them', () => {
    expect(tableEnvVar('posts')).toBe('TABLE_POSTS');
    expect(tableName('posts', { TABLE_POSTS: 'dev-posts' })).toBe('dev-posts');
    expect(() => tableName('posts', {})).toThrow('Environment variable TABLE_POSTS is not set');
  });
});
