/**
 * A sign-in request carrying every kind of secret a careless handler could dump, each holding a
 * distinctive marker: the corpus spec asserts no marker reaches the emitted bytes or the logs.
 * Markers are plain letters and digits so they read the same raw, JSON-escaped or URL-encoded.
 */
const base64url = (text: string): string => Buffer.from(text).toString('base64url');

const jwtPayload = base64url(JSON.stringify({ sub: 'JWTSUBJECT11', role: 'admin' }));
const jwt = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${jwtPayload}.SklXVFNJR05BVFVSRTEx`;
const basic = Buffer.from('BASICUSER10:BASICPASS10').toString('base64');
const pem = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANPEMBODY04LINE1',
  'PEMBODY04LINE2xQ8nZ3vQ==',
  '-----END PRIVATE KEY-----',
].join('\n');

/** Each kind of secret, and the text that must never appear (a marker, or the secret itself). */
export const SECRETS = {
  'password with spaces': 'PWSPACE01',
  'password with quotes': 'PWQUOTE02',
  'client secret': 'CLIENTSECRET03',
  'PEM private key': 'PEMBODY04',
  'session id': 'SESSIONID05',
  'cookie header': 'COOKIE06',
  'set-cookie header': 'SETCOOKIE07',
  'API key header': 'APIKEY08',
  'bearer credential': 'BEARER09',
  'basic credential': basic.replace(/=+$/, ''),
  'JWT payload': jwtPayload,
  'JWT signature': 'SklXVFNJR05BVFVSRTEx',
  'refresh token': 'REFRESHTOKEN12',
  'card number with spaces': '4111 1111 1111 1111',
  'card number with dashes': '5555-5555-5555-4444',
  'card number as a JSON number': '378282246310005',
  'query token': 'QUERYTOKEN16',
  'API key in a URL': 'URLKEY17',
  'URL password': 'DBPASS18',
  'tokens in an array': 'ARRAYTOKEN19',
  'secret nested three levels deep': 'DEEPSECRET20',
  'user pass': 'USERPASS21',
  'AWS access key id': 'AKIAIOSFODNN7EXAMP22',
  'PIN in an array of objects': 'PINCODE23',
  'password in an error message': 'ERRPASS24',
  'password in a form body': 'FORMPASS25',
  'token in a log message': 'LOGTOKEN26',
  'CSRF token header': 'CSRF27',
  'password in an AWS error': 'AWSERR28',
  'bearer credential in an annotation': 'ANNOTBEARER29',
  'access key in a multi-value query': 'MVQUERYKEY30',
} as const;

/** Around the secrets: what must stay readable. */
export const READABLE = {
  email: 'ada@example.com',
  city: 'Lisbon',
  holder: 'Ada Lovelace',
  userAgent: 'curl/8.0',
  path: '/auth/login',
  page: '2',
} as const;

export interface SignInEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters: Record<string, string[]>;
  requestContext: { requestId: string; identity: { sourceIp: string } };
  body: string;
  /** Fields a careless handler also writes out. */
  callbackUrl: string;
  legacyForm: string;
  retryToken: string;
  /** An expression attribute name DynamoDB refuses, quoting it in its error message. */
  awsErrorName: string;
  errorPassword: string;
}

export function signInEvent(): SignInEvent {
  const body = {
    email: READABLE.email,
    password: 'correct horse battery staple PWSPACE01',
    passwordConfirm: `it's "quoted" PWQUOTE02`,
    clientSecret: 'CLIENTSECRET03',
    privateKey: pem,
    sessionId: 'SESSIONID05',
    refresh_token: 'REFRESHTOKEN12',
    userPass: 'USERPASS21',
    idToken: jwt,
    note: 'my card is 4111 1111 1111 1111, keep it safe',
    payment: { holder: READABLE.holder, number: '5555-5555-5555-4444', amount: 378282246310005 },
    profile: { address: { city: READABLE.city, vault: { apiSecret: 'DEEPSECRET20' } } },
    tokens: ['ARRAYTOKEN19A', 'ARRAYTOKEN19B'],
    devices: [{ name: 'phone', pinCode: 'PINCODE23' }],
    comment: 'deploy with AKIAIOSFODNN7EXAMP22 please',
    dbUrl: 'postgres://app:DBPASS18@db.example.com/main',
  };
  return {
    path: READABLE.path,
    httpMethod: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': READABLE.userAgent,
      Authorization: 'Bearer BEARER09',
      'Proxy-Authorization': `Basic ${basic}`,
      Cookie: 'session=COOKIE06; theme=dark',
      'x-api-key': 'APIKEY08',
      'x-csrf-token': 'CSRF27',
    },
    multiValueHeaders: {
      'set-cookie': ['sid=SETCOOKIE07; HttpOnly'],
      'user-agent': [READABLE.userAgent],
    },
    queryStringParameters: { access_token: 'QUERYTOKEN16', page: READABLE.page },
    multiValueQueryStringParameters: { accessKey: ['MVQUERYKEY30'], page: [READABLE.page] },
    requestContext: { requestId: 'req-corpus-1', identity: { sourceIp: '203.0.113.7' } },
    body: JSON.stringify(body),
    callbackUrl: 'https://partner.example.com/cb?api_key=URLKEY17&page=2',
    legacyForm: 'username=ada&password=FORMPASS25+with+spaces&remember=1',
    retryToken: 'LOGTOKEN26',
    awsErrorName: '#token=AWSERR28',
    errorPassword: 'wrong horse ERRPASS24',
  };
}
