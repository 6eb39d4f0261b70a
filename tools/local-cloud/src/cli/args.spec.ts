import { DEFAULT_PORTS } from '../config/ports';
import { parseCli } from './args';

describe('parseCli', () => {
  it('uses the default ports and options with no flags', () => {
    expect(parseCli([], {})).toMatchObject({
      ports: DEFAULT_PORTS,
      reset: false,
      host: '127.0.0.1',
      tracingBackend: 'xray',
      extraApps: [],
    });
  });

  it('takes ports from the environment, and flags over the environment', () => {
    const cli = parseCli(['--api-port', '3100', '--reset'], {
      LOCAL_CLOUD_API_PORT: '3200',
      LOCAL_CLOUD_S3_PORT: '4600',
    });
    expect(cli.ports).toEqual({ ...DEFAULT_PORTS, api: 3100, s3: 4600 });
    expect(cli.reset).toBe(true);
  });

  it('takes random ports, a data dir, apps, a Redis URL and the tracing backend', () => {
    const cli = parseCli(
      [
        '--ports',
        'random',
        '--data-dir',
        '/tmp/x',
        '--app',
        'a',
        '--app',
        'b',
        '--redis-url',
        'redis://r:1',
        '--tracing',
        'otel',
      ],
      {},
    );
    expect(cli).toMatchObject({
      ports: 'random',
      dataDir: '/tmp/x',
      redisUrl: 'redis://r:1',
      tracingBackend: 'otel',
    });
    expect(cli.extraApps).toHaveLength(2);
  });

  it.each([
    [['--api-port', 'abc'], /--api-port must be a port number/],
    [['--ports', 'some'], /--ports takes only "random"/],
    [['--tracing', 'zipkin'], /--tracing must be xray or otel/],
    [['--nope'], /Unknown option '--nope'/],
    [['--sampling', 'staging'], /--sampling takes local, dev, prod, got "staging"/],
    [['--faults', 'likes-like-post'], /--faults takes <function name>=<share/],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(message);
  });

  it('names the environment variable holding a bad port', () => {
    expect(() => parseCli([], { LOCAL_CLOUD_KINESIS_PORT: '70000' })).toThrow(
      /LOCAL_CLOUD_KINESIS_PORT must be a port number/,
    );
  });

  it('samples every request unless told a stage, and reads faults from the flag or the environment', () => {
    expect(parseCli([], {})).toMatchObject({ sampling: 'local', faults: {} });
    expect(parseCli(['--sampling', 'prod', '--faults', 'likes-like-post=0.3'], {})).toMatchObject({
      sampling: 'prod',
      faults: { 'likes-like-post': 0.3 },
    });
    expect(
      parseCli([], { LOCAL_CLOUD_SAMPLING: 'dev', LOCAL_CLOUD_FAULTS: 'feed-get-feed=1' }),
    ).toMatchObject({ sampling: 'dev', faults: { 'feed-get-feed': 1 } });
  });
});
