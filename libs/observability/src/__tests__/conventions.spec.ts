import {
  annotationKeyProblem,
  ANNOTATION_KEYS,
  isAnnotationKey,
} from '../conventions/annotation-keys';
import { describeError } from '../conventions/errors';
import {
  capAnnotationString,
  capMetadataValue,
  TRUNCATED_MARKER,
} from '../conventions/metadata-cap';
import { handlerSubsegmentName, operationNameProblem } from '../conventions/naming';
import { createRedactor, redactCacheKey, REDACTED } from '../conventions/redaction';
import { readConfig } from '../config';

describe('redaction', () => {
  const redactor = createRedactor(['ssn']);

  it('replaces values under sensitive keys at any depth, in objects and arrays', () => {
    expect(
      redactor.redact({
        password: 'p',
        user: { name: 'alice', refreshToken: 'r', tokens: ['a', 'b'] },
        list: [{ apiKey: 'k' }, { 'X-Api-Key': 'k2' }, { Authorization: 'a' }],
        set_cookie: 'c',
        ssn: '123',
        count: 3,
        empty: null,
      }),
    ).toEqual({
      password: REDACTED,
      user: { name: 'alice', refreshToken: REDACTED, tokens: REDACTED },
      list: [{ apiKey: REDACTED }, { 'X-Api-Key': REDACTED }, { Authorization: REDACTED }],
      set_cookie: REDACTED,
      ssn: REDACTED,
      count: 3,
      empty: null,
    });
  });

  it('replaces secret-looking strings wherever they appear', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactor.redactString(`token ${jwt} here`)).toBe(`token ${REDACTED} here`);
    expect(redactor.redactString('Authorization: Bearer abc.def')).toBe(
      `Authorization: ${REDACTED}`,
    );
    expect(redactor.redactString('sent Bearer abc.def')).toBe(`sent Bearer ${REDACTED}`);
    expect(redactor.redactString('basic dXNlcjpwYXNz')).toBe(`basic ${REDACTED}`);
    expect(redactor.redactString('url?password=hunter2&x=1')).toBe(`url?password=${REDACTED}&x=1`);
    expect(redactor.redactString('{"token": "abc"}')).toBe(`{"token":"${REDACTED}"}`);
    expect(redactor.redactString('user-42 posted post-7')).toBe('user-42 posted post-7');
  });

  it('does not modify its input, survives cycles, and flattens errors, dates and buffers', () => {
    const input: Record<string, unknown> = {
      password: 'p',
      when: new Date(0),
      data: Buffer.from('xyz'),
    };
    input.self = input;
    const out = redactor.redact(input) as Record<string, unknown>;
    expect(input.password).toBe('p');
    expect(out).toEqual({
      password: REDACTED,
      when: '1970-01-01T00:00:00.000Z',
      data: '[binary 3 bytes]',
      self: '[Circular]',
    });
    const error = Object.assign(new Error('bad Bearer xyz'), { token: 't' });
    expect(redactor.redact({ error })).toMatchObject({
      error: { name: 'Error', message: `bad Bearer ${REDACTED}`, token: REDACTED },
    });
  });

  it('keeps identifiers in cache keys and removes secrets', () => {
    expect(redactCacheKey('feed:user-1', redactor)).toBe('feed:user-1');
    expect(redactCacheKey('session:abc123:meta', redactor)).toBe('session:abc123:meta');
    expect(redactCacheKey('token:abc123', redactor)).toBe(`token:${REDACTED}`);
    expect(redactCacheKey('jwt:eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', redactor)).toBe(
      `jwt:${REDACTED}`,
    );
  });
});

describe('metadata cap', () => {
  it('keeps values under the cap as they are', () => {
    const value = { a: 1, b: ['x'] };
    expect(capMetadataValue(value, 100)).toBe(value);
  });

  it('replaces values over the cap by a marked preview within the cap', () => {
    const capped = capMetadataValue({ text: 'é'.repeat(5000) }, 1024) as {
      truncated: boolean;
      originalBytes: number;
      preview: string;
    };
    expect(capped.truncated).toBe(true);
    expect(capped.originalBytes).toBe(
      Buffer.byteLength(JSON.stringify({ text: 'é'.repeat(5000) })),
    );
    expect(capped.preview.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(capped.preview).not.toContain('\uFFFD');
    expect(Buffer.byteLength(JSON.stringify(capped))).toBeLessThanOrEqual(1024);
  });

  it('marks values that cannot be serialised', () => {
    expect(capMetadataValue({ n: BigInt(1) }, 100)).toMatchObject({ truncated: true });
  });

  it('shortens long annotation strings', () => {
    const long = capAnnotationString('x'.repeat(1000));
    expect(long).toHaveLength(250);
    expect(long.endsWith(TRUNCATED_MARKER)).toBe(true);
  });
});

describe('annotation keys', () => {
  it('accepts the typed set, all of them indexable', () => {
    for (const key of ANNOTATION_KEYS) {
      expect(annotationKeyProblem(key)).toBeUndefined();
      expect(isAnnotationKey(key)).toBe(true);
    }
  });

  it('explains why a key is refused', () => {
    expect(annotationKeyProblem('cache.hit')).toMatch(/cannot be indexed.*"cacheHit"/);
    expect(annotationKeyProblem('')).toMatch(/cannot be indexed/);
    expect(annotationKeyProblem('shoeSize')).toMatch(/not one of the product's annotation keys/);
  });
});

describe('names', () => {
  it('names the handler subsegment as Powertools does', () => {
    expect(handlerSubsegmentName({ _HANDLER: 'create-post.handler' })).toBe(
      '## create-post.handler',
    );
    expect(handlerSubsegmentName({})).toBe('## handler');
  });

  it('refuses operation names X-Ray would reject', () => {
    expect(operationNameProblem('JWT Verification')).toBeUndefined();
    expect(operationNameProblem('PublishEvent')).toBeUndefined();
    expect(operationNameProblem('')).toMatch(/non-empty/);
    expect(operationNameProblem('bad\nname')).toMatch(/characters/);
    expect(operationNameProblem('x'.repeat(201))).toMatch(/200/);
  });
});

describe('errors', () => {
  const redactor = createRedactor();

  it('names the error type and tells client errors from faults', () => {
    class ValidationError extends Error {
      statusCode = 400;
    }
    expect(describeError(new ValidationError('bad body'), redactor)).toMatchObject({
      type: 'ValidationError',
      message: 'bad body',
      kind: 'error',
    });
    const awsError = Object.assign(new Error('throttled'), {
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(describeError(awsError, redactor)).toMatchObject({
      type: 'ProvisionedThroughputExceededException',
      kind: 'error',
    });
    expect(describeError(new TypeError('x'), redactor)).toMatchObject({
      type: 'TypeError',
      kind: 'fault',
    });
    expect(describeError('Bearer abc', redactor)).toEqual({
      type: 'Error',
      message: `Bearer ${REDACTED}`,
      kind: 'fault',
    });
    expect(describeError({ code: 1 }, redactor)).toMatchObject({
      type: 'ThrownObject',
      message: '{"code":1}',
    });
  });

  it('redacts the message and the stack', () => {
    const info = describeError(new Error('password=hunter2'), redactor);
    expect(info.message).toBe(`password=${REDACTED}`);
    expect(info.stack).not.toContain('hunter2');
  });
});

describe('configuration', () => {
  it.each([
    [{ NODE_ENV: 'test' }, false],
    [{ NODE_ENV: 'local' }, false],
    [{ NODE_ENV: 'test', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' }, true],
    [{ NODE_ENV: 'local', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' }, true],
    [{ NODE_ENV: 'production' }, true],
    [{}, true],
    [{ POWERTOOLS_TRACE_ENABLED: 'false', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' }, false],
  ])('tracing in %j: %s', (env, enabled) => {
    expect(readConfig(env).tracingEnabled).toBe(enabled);
  });

  it('turns HTTPS capture off in production only', () => {
    expect(readConfig({ STAGE: 'prod' }).captureHttps).toBe(false);
    expect(readConfig({ NODE_ENV: 'production' }).captureHttps).toBe(false);
    expect(readConfig({ STAGE: 'dev' }).captureHttps).toBe(true);
  });

  it('lets POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS decide HTTPS capture when it is set', () => {
    const flag = 'POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS';
    expect(readConfig({ STAGE: 'dev', [flag]: 'false' }).captureHttps).toBe(false);
    expect(readConfig({ STAGE: 'prod', [flag]: 'TRUE' }).captureHttps).toBe(true);
    expect(readConfig({ STAGE: 'prod', [flag]: 'maybe' }).captureHttps).toBe(false);
  });

  it('reads service, namespace, caps and extra redaction keys', () => {
    const config = readConfig({
      POWERTOOLS_SERVICE_NAME: 'posts',
      POWERTOOLS_METRICS_NAMESPACE: 'Ns',
      OBSERVABILITY_METADATA_MAX_BYTES: '2048',
      OBSERVABILITY_REDACT_KEYS: 'ssn, iban',
      NODE_ENV: 'test',
    });
    expect(config).toMatchObject({
      serviceName: 'posts',
      metricsNamespace: 'Ns',
      metadataMaxBytes: 2048,
      extraRedactKeys: ['ssn', 'iban'],
      strict: true,
      backend: 'xray',
      subsegmentBudget: 49,
    });
  });

  it('refuses bad settings clearly', () => {
    expect(() => readConfig({ TRACING_BACKEND: 'zipkin' })).toThrow(
      /TRACING_BACKEND must be "xray" or "otel"/,
    );
    expect(() => readConfig({ OBSERVABILITY_METADATA_MAX_BYTES: '-1' })).toThrow(
      /positive integer/,
    );
  });
});
