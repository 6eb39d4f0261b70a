import { createRedactor, isCardNumber, keyWords, REDACTED } from './index';

const redactor = createRedactor(['ssn']);

describe('sensitive keys, matched by their words', () => {
  it.each([
    'clientSecret',
    'userPass',
    'x-api-key',
    'X-Api-Key',
    'apikey',
    'set-cookie',
    'sessionId',
    'session_id',
    'privateKey',
    'refresh_token',
    'AUTHORIZATION',
    'authHeader',
    'pwd',
    'pinCode',
    'cardNumber',
    'X-Amz-Security-Token',
    'userSsn',
  ])('%s is sensitive', (key) => expect(redactor.isSensitiveKey(key)).toBe(true));

  it.each([
    'tokenCount',
    'passwordPolicy',
    'password_min_length',
    'tokenType',
    'accessTokenExpiresAt',
    'secretName',
    'author',
    'authorId',
    'passenger',
    'bypass',
    'session',
    'userId',
    'content-type',
  ])('%s is not', (key) => expect(redactor.isSensitiveKey(key)).toBe(false));

  it('splits camelCase, acronyms, snake_case and kebab-case into words', () => {
    expect(keyWords('XMLHttpRequest')).toEqual(['xml', 'http', 'request']);
    expect(keyWords('x-api_key.v2')).toEqual(['x', 'api', 'key', 'v2']);
    expect(keyWords('refreshTokenID')).toEqual(['refresh', 'token', 'id']);
  });
});

describe('structured strings: parsed, redacted by key, written back', () => {
  it('redacts a JSON body by key at any depth and keeps the rest readable', () => {
    const body = JSON.stringify({
      email: 'ada@example.com',
      password: 'correct "horse" battery staple 42',
      profile: { settings: { oauth: { clientSecret: 'cs 1' } } },
      cards: [{ label: 'main', number: '4111 1111 1111 1111' }],
      total: 4111111111111111,
    });
    expect(JSON.parse(redactor.redactString(body))).toEqual({
      email: 'ada@example.com',
      password: REDACTED,
      profile: { settings: { oauth: { clientSecret: REDACTED } } },
      cards: [{ label: 'main', number: REDACTED }],
      total: REDACTED,
    });
  });

  it('redacts JSON nested in JSON (an event whose body is a JSON string)', () => {
    const event = JSON.stringify({ body: JSON.stringify({ sessionId: 's 1', postId: 'p-1' }) });
    const out = JSON.parse(redactor.redactString(event)) as { body: string };
    expect(JSON.parse(out.body)).toEqual({ sessionId: REDACTED, postId: 'p-1' });
  });

  it('redacts a form body by its decoded keys', () => {
    expect(redactor.redactString('username=ada&pass%77ord=correct+horse&next=%2Fhome')).toBe(
      `username=ada&pass%77ord=${REDACTED}&next=%2Fhome`,
    );
  });

  it('redacts URLs: query and fragment parameters, user info password', () => {
    expect(redactor.redactUrl('/auth/login?access_token=abc&user=ada#id_token=xyz')).toBe(
      `/auth/login?access_token=${REDACTED}&user=ada#id_token=${REDACTED}`,
    );
    expect(redactor.redactString('https://ada:pw@db.example.com/x?api_key=k&page=2')).toBe(
      `https://ada:${REDACTED}@db.example.com/x?api_key=${REDACTED}&page=2`,
    );
    expect(redactor.redactUrl('/posts/p-1?limit=20')).toBe('/posts/p-1?limit=20');
  });
});

describe('free text: secrets found by shape or by the key before them', () => {
  it.each([
    ['password: correct horse battery staple 42', `password: ${REDACTED}`],
    [
      'login {"password":"correct \\"horse\\" 42"} refused',
      `login {"password":"${REDACTED}"} refused`,
    ],
    ["creds {'clientSecret': 'a b c'}", `creds {'clientSecret': '${REDACTED}'}`],
    [
      'body was {\\"sessionId\\":\\"s 1\\",\\"x\\":1}',
      `body was {\\"sessionId\\":\\"${REDACTED}\\",\\"x\\":1}`,
    ],
    ['GET https://h/x?token=t%20t&ok=1 done', `GET https://h/x?token=${REDACTED}&ok=1 done`],
    ['header Bearer abc.def was bad', `header Bearer ${REDACTED} was bad`],
    ['pay 5555-5555-5555-4444 now', `pay ${REDACTED} now`],
    ['key AKIAIOSFODNN7EXAMPLE here', `key ${REDACTED} here`],
    ['k=-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end', `k=${REDACTED} end`],
    ['cut -----BEGIN PRIVATE KEY-----\nMIIE', `cut ${REDACTED}`],
    [
      'raw body {"email":"ada@example.com","tokens":["a","b"],"pin":1234} (retrying)',
      `raw body {"email":"ada@example.com","tokens":"${REDACTED}","pin":"${REDACTED}"} (retrying)`,
    ],
    [
      'broken {"tokens":["a b","c"],"pin":1234,"city":"Lisbon" (cut',
      `broken {"tokens":${REDACTED},"pin":${REDACTED},"city":"Lisbon" (cut`,
    ],
  ])('%j', (input, expected) => expect(redactor.redactString(input)).toBe(expected));

  it('leaves ordinary text, ids, timestamps and non-card numbers alone', () => {
    for (const text of [
      'user-42 posted post-7',
      'created at 1732700000000',
      'order 4111 1111 1111 1112',
      'tokenCount: 12',
      'see https://example.com/posts?page=2',
    ]) {
      expect(redactor.redactString(text)).toBe(text);
    }
  });

  it('recognises card numbers by Luhn, 13 to 19 digits, spaces or dashes', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('3782-822463-10005')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false);
    expect(isCardNumber('1732700000000')).toBe(false);
  });
});

describe('options, checked up front', () => {
  it('refuses extra keys that are not words', () => {
    expect(() => createRedactor(['ok', ''])).toThrow(/must be words.*""/);
    expect(() => createRedactor('ssn' as unknown as string[])).toThrow(/array of strings/);
  });
});

describe('any input', () => {
  it('never throws and is idempotent on awkward strings', () => {
    const awkward = [
      '{',
      '{"a":',
      '[1,2',
      '=',
      '&&==',
      '?#',
      'password:',
      'password="unterminated',
      '\\"',
      '-----BEGIN X-----',
      '%E0%A4%A=1&token=%',
      '\u0000password=\u0001',
      'a'.repeat(10_000),
    ];
    for (const text of awkward) {
      const once = redactor.redactString(text);
      expect(redactor.redactString(once)).toBe(once);
    }
  });
});
