import { request, Agent } from 'node:http';

/** A DynamoDB attribute value in the wire format (`{ "S": "x" }`, `{ "N": "1" }`, ...). */
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

/** An error answer of the DynamoDB JSON protocol. */
export class DynamoDbError extends Error {
  constructor(
    /** Short type, e.g. `ConditionalCheckFailedException`. */
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = type;
  }

  toBody(): string {
    return JSON.stringify({
      __type: `com.amazonaws.dynamodb.v20120810#${this.type}`,
      message: this.message,
      ...this.extra,
    });
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

// dynalite checks that a request is signed, not the signature itself.
const INTERNAL_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  'x-amz-date': '20200101T000000Z',
};

/** Raw JSON-protocol calls to dynalite: the proxy's own reads and writes, and pass-through. */
export class DynamoWire {
  private readonly url: URL;

  constructor(endpoint: string) {
    this.url = new URL(endpoint);
  }

  /** Sends a request as received (headers and body unchanged) and returns dynalite's answer. */
  send(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const { host: _host, connection: _connection, ...rest } = headers;
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: { ...rest, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 500,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Calls one operation; a DynamoDB error answer becomes a thrown DynamoDbError. */
  async call<T = Record<string, unknown>>(operation: string, payload: object): Promise<T> {
    const response = await this.send(
      { ...INTERNAL_HEADERS, 'x-amz-target': `DynamoDB_20120810.${operation}` },
      Buffer.from(JSON.stringify(payload)),
    );
    const parsed = response.body.length
      ? (JSON.parse(response.body.toString('utf8')) as object)
      : {};
    if (response.status >= 400) throw errorFromBody(parsed, response.status);
    return parsed as T;
  }
}

export function errorFromBody(body: object, status: number): DynamoDbError {
  const { __type, message, Message } = body as {
    __type?: string;
    message?: string;
    Message?: string;
  };
  const type = (__type ?? 'InternalServerError').split('#').pop() ?? 'InternalServerError';
  return new DynamoDbError(type, message ?? Message ?? '', status);
}
