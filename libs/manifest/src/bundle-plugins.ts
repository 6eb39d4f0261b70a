import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { assertNoEventStreamOperations } from './event-stream-check';
import { REDIS_COMMANDS_KEPT } from './stand-ins/redis-commands-kept';

const STAND_INS = join(__dirname, 'stand-ins');

/**
 * A module a handler provably never runs, replaced by a stand-in that throws a named error if it
 * ever is reached (decision 1922). `specifier` is matched against the import as written, and only
 * from importers inside `importer` (a path fragment), so no other package's module is touched.
 */
interface StandIn {
  specifier: RegExp;
  importer: RegExp;
  file: string;
}

const STAND_INS_BY_MODULE: StandIn[] = [
  {
    // Reached only by event-stream operations (a dynamic import in HttpProtocol, and the clients
    // that declare them): the build fails if a bundle holds one (assertNoEventStreamOperations).
    specifier: /^@smithy\/core\/event-streams$/,
    importer: /node_modules\/@(?:smithy|aws-sdk)\//,
    file: 'event-streams.ts',
  },
  {
    // The Kinesis client's default handler; ours are always given NodeHttpHandler.
    specifier: /^\.\/node-http2-handler$/,
    importer: /node_modules\/@smithy\/node-http-handler\/dist-(?:es|cjs)\//,
    file: 'node-http2-handler.ts',
  },
  {
    specifier: /^\.\/cluster$/,
    importer: /node_modules\/ioredis\/built\/(?:Redis|index)\.js$/,
    file: 'ioredis-cluster.ts',
  },
  {
    specifier: /^\.\/(?:connectors\/)?SentinelConnector$/,
    importer: /node_modules\/ioredis\/built\/(?:Redis|index|connectors\/index)\.js$/,
    file: 'ioredis-sentinel-connector.ts',
  },
  {
    specifier: /^\.\.\/constants\/TLSProfiles$/,
    importer: /node_modules\/ioredis\/built\/utils\/index\.js$/,
    file: 'ioredis-tls-profiles.ts',
  },
  {
    // The DynamoDB client's endpoint-discovery cache: always empty, as discovery is never on.
    specifier: /^@aws-sdk\/endpoint-cache$/,
    importer: /node_modules\/@aws-sdk\/middleware-endpoint-discovery\/dist-(?:es|cjs)\//,
    file: 'aws-endpoint-cache.ts',
  },
  {
    // Redis Cluster slot routing: ioredis calls it only on a Cluster client (replaced above).
    specifier: /^cluster-key-slot$/,
    importer: /node_modules\/ioredis\/built\/(?:Command|Pipeline|autoPipelining)\.js$/,
    file: 'cluster-key-slot.ts',
  },
  {
    // The adaptive retry mode's limiter; our clients retry in `standard` mode.
    specifier: /^(?:\.\/util-retry|\.\.\/\.\.\/util-retry|\.)\/DefaultRateLimiter$/,
    importer: /node_modules\/@smithy\/core\/dist-(?:es|cjs)\/submodules\/retry\//,
    file: 'adaptive-retry-rate-limiter.ts',
  },
  {
    // Asked only by the SDK's HTTP-server middleware; Lambda's set-up merely selects one.
    specifier: /^\.\/sampling\/(?:default|local)_sampler$/,
    importer: /node_modules\/aws-xray-sdk-core\/dist\/lib\/middleware\/mw_utils\.js$/,
    file: 'xray-samplers.ts',
  },
  {
    specifier: /^\.\/segments\/plugins\/(?:ec2|ecs|elastic_beanstalk)_plugin$/,
    importer: /node_modules\/aws-xray-sdk-core\/dist\/lib\/aws-xray\.js$/,
    file: 'xray-plugins.ts',
  },
  {
    specifier: /^\.\/patchers\/aws_p$/,
    importer: /node_modules\/aws-xray-sdk-core\/dist\/lib\/aws-xray\.js$/,
    file: 'xray-aws-v2-patcher.ts',
  },
];

/** Package manifests bundled for their `version` (and the X-Ray SDK's for its `name`). */
const VERSION_ONLY_MANIFEST =
  /node_modules\/(?:@aws-sdk\/[^/]+|@smithy\/[^/]+|aws-xray-sdk-core)\/package\.json$/;

/**
 * Every AWS client (and `@aws-sdk/lib-dynamodb`) imports its whole `package.json` (~2.3 KB each)
 * to read `version`; the X-Ray SDK reads `name` and `version`. The bundle keeps just those two.
 */
function versionOnlyManifests(): Plugin {
  return {
    name: 'version-only-manifests',
    setup(build) {
      build.onLoad({ filter: VERSION_ONLY_MANIFEST }, async ({ path }) => {
        const { name, version } = JSON.parse(await readFile(path, 'utf8')) as {
          name: string;
          version: string;
        };
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      });
    },
  };
}

/** The X-Ray SDK's list of request and response fields to record per AWS service and call. */
const XRAY_WHITELIST =
  /node_modules\/aws-xray-sdk-core\/dist\/lib\/resources\/aws_whitelist\.json$/;

/**
 * The X-Ray SDK's field list (`aws_whitelist.json`, 10.6 KB) cut to the services whose AWS SDK
 * client is installed (`@aws-sdk/client-<service>`): the SDK looks a call up by its client's
 * service, so for every client a bundle can hold the list is the same; SQS, SNS, Lambda and
 * SageMaker (~2.4 KB) go. Installing one of those clients brings its entry back.
 */
function installedServicesWhitelist(): Plugin {
  return {
    name: 'installed-services-xray-whitelist',
    setup(build) {
      build.onLoad({ filter: XRAY_WHITELIST }, async ({ path }) => {
        const whitelist = JSON.parse(await readFile(path, 'utf8')) as {
          services: Record<string, unknown>;
        };
        const awsSdk = join(path, '../../../../../@aws-sdk');
        const installed = new Set(
          (await readdir(awsSdk))
            .filter((name) => name.startsWith('client-'))
            .map((name) => name.slice('client-'.length).replace(/-/g, '')),
        );
        const services = Object.fromEntries(
          Object.entries(whitelist.services).filter(([service]) => installed.has(service)),
        );
        return { contents: JSON.stringify({ ...whitelist, services }), loader: 'json' };
      });
    },
  };
}

/** The Redis client's command table: each command's flags, arity and key positions. */
const REDIS_COMMAND_TABLE = /node_modules\/@ioredis\/commands\/built\/commands\.json$/;

/**
 * `@ioredis/commands`' table (commands.json, ~21 KB) with the metadata of `REDIS_COMMANDS_KEPT`
 * only (decision 1923): every other command keeps its name (ioredis defines a method per name),
 * and its entry throws `BundleStandInReached` when ioredis reads its flags or key positions. A
 * kept name missing from the table fails the build (a typo, or a command an upgrade renamed).
 */
function keptRedisCommandsTable(): Plugin {
  return {
    name: 'kept-redis-commands-table',
    setup(build) {
      build.onLoad({ filter: REDIS_COMMAND_TABLE }, async ({ path }) => {
        const table = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        const missing = REDIS_COMMANDS_KEPT.filter((name) => !(name in table));
        if (missing.length) {
          return {
            errors: [
              {
                text: `Redis commands kept for handler bundles (decision 1923) that ${path} does not hold: ${missing.join(', ')}`,
              },
            ],
          };
        }
        const kept = Object.fromEntries(REDIS_COMMANDS_KEPT.map((name) => [name, table[name]]));
        const contents = [
          `const { unlistedRedisCommand } = require(${JSON.stringify(join(STAND_INS, 'ioredis-commands.ts'))});`,
          `const kept = ${JSON.stringify(kept)};`,
          'const table = {};',
          `for (const name of ${JSON.stringify(Object.keys(table).join(' '))}.split(' ')) {`,
          '  table[name] = kept[name] || unlistedRedisCommand(name);',
          '}',
          'module.exports = table;',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: STAND_INS };
      });
    },
  };
}

/** The modules of `STAND_INS_BY_MODULE`, resolved to their stand-ins. */
function neverRunModules(): Plugin {
  return {
    name: 'never-run-modules',
    setup(build) {
      for (const standIn of STAND_INS_BY_MODULE) {
        build.onResolve({ filter: standIn.specifier }, ({ importer }) =>
          standIn.importer.test(importer.replace(/\\/g, '/'))
            ? { path: join(STAND_INS, standIn.file) }
            : undefined,
        );
      }
    },
  };
}

/**
 * Fails a build whose bundle holds an event-stream operation: it would reach the event-streams
 * stand-in. Turns on the metafile it reads.
 */
function eventStreamCheck(): Plugin {
  return {
    name: 'event-stream-check',
    setup(build) {
      build.initialOptions.metafile = true;
      const workingDir = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onEnd((result) => {
        if (!result.metafile || result.errors.length) return;
        try {
          assertNoEventStreamOperations(result.metafile, workingDir);
        } catch (error) {
          return { errors: [{ text: (error as Error).message }] };
        }
        return undefined;
      });
    },
  };
}

/**
 * The esbuild plugins of every handler bundle (decision 1922), with `handlerBuildOptions`:
 * stand-ins for code no handler runs, version-only package manifests, and the check that no
 * bundle holds an event-stream operation. They need esbuild's API (`build`), not its CLI.
 */
export function handlerBundlePlugins(): Plugin[] {
  return [
    versionOnlyManifests(),
    installedServicesWhitelist(),
    keptRedisCommandsTable(),
    neverRunModules(),
    eventStreamCheck(),
  ];
}

/**
 * The files whose code decides what the plugins do (the stand-ins themselves are bundled, so a
 * bundle's sources name them): a cached bundle is stale when one of these changed.
 */
export function handlerBundlePluginSources(): string[] {
  return [
    __filename,
    join(__dirname, 'event-stream-check.ts'),
    join(STAND_INS, 'redis-commands-kept.ts'),
  ];
}
