import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '../emulators/http-server';
import { KeySchemas, readItem } from './key-schema';
import { TableLocks } from './table-locks';
import type { TableStreams } from './table-streams';
import { Transactions } from './transactions';
import { DynamoDbError, type DynamoWire, type Item, type RawResponse } from './wire';

export interface DynamoDbProxy {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

type WriteRequest = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } };

/**
 * The DynamoDB endpoint the functions use: a thin proxy in front of dynalite that adds what
 * dynalite lacks and the product uses: DynamoDB Streams records for every committed write, and
 * TransactWriteItems / TransactGetItems. Every other request passes through untouched.
 */
export async function startDynamoDbProxy(options: {
  host: string;
  port: number;
  dynalite: DynamoWire;
  streams: TableStreams;
}): Promise<DynamoDbProxy> {
  const { dynalite: wire, streams } = options;
  const locks = new TableLocks();
  const keys = new KeySchemas(wire);
  const transactions = new Transactions({ wire, locks, keys, streams });

  const forward = (req: IncomingMessage, body: Buffer): Promise<RawResponse> =>
    wire.send(req.headers, body);

  async function singleWrite(
    req: IncomingMessage,
    body: Buffer,
    operation: string,
    payload: Record<string, unknown>,
  ): Promise<RawResponse> {
    const tableName = String(payload.TableName ?? '');
    return locks.withWrite([tableName], async () => {
      if (!streams.has(tableName)) return forward(req, body);
      const key =
        operation === 'PutItem'
          ? await keys.keyOf(tableName, (payload.Item ?? {}) as Item)
          : ((payload.Key ?? {}) as Item);
      const oldImage = await readItem(wire, tableName, key);
      const response = await forward(req, body);
      if (response.status === 200) {
        const newImage =
          operation === 'DeleteItem' ? undefined : await readItem(wire, tableName, key);
        await streams.recordWrites(tableName, [{ keys: key, oldImage, newImage }]);
      }
      return response;
    });
  }

  async function batchWrite(
    req: IncomingMessage,
    body: Buffer,
    payload: { RequestItems?: Record<string, WriteRequest[]> },
  ): Promise<RawResponse> {
    const requestItems = payload.RequestItems ?? {};
    return locks.withWrite(Object.keys(requestItems), async () => {
      const streamed: Array<{ tableName: string; key: Item; oldImage?: Item; isDelete: boolean }> =
        [];
      for (const [tableName, requests] of Object.entries(requestItems)) {
        if (!streams.has(tableName) || !Array.isArray(requests)) continue;
        for (const r of requests) {
          const key = r.PutRequest
            ? await keys.keyOf(tableName, r.PutRequest.Item)
            : (r.DeleteRequest?.Key ?? {});
          streamed.push({
            tableName,
            key,
            oldImage: await readItem(wire, tableName, key),
            isDelete: !r.PutRequest,
          });
        }
      }
      const response = await forward(req, body);
      if (response.status !== 200 || !streamed.length) return response;
      // dynalite processes every item of a batch; anything it returns unprocessed would have no record.
      for (const w of streamed) {
        const newImage = w.isDelete ? undefined : await readItem(wire, w.tableName, w.key);
        await streams.recordWrites(w.tableName, [{ keys: w.key, oldImage: w.oldImage, newImage }]);
      }
      return response;
    });
  }

  async function route(req: IncomingMessage, body: Buffer): Promise<RawResponse> {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return forward(req, body); // dynalite answers malformed requests as DynamoDB does
    }
    switch (operation) {
      case 'TransactWriteItems':
        return jsonAnswer(await transactions.write(payload));
      case 'TransactGetItems':
        return jsonAnswer(await transactions.get(payload));
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        return singleWrite(req, body, operation, payload);
      case 'BatchWriteItem':
        return batchWrite(req, body, payload);
      case 'GetItem':
        return locks.withRead([String(payload.TableName ?? '')], () => forward(req, body));
      default:
        return forward(req, body);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      route(req, Buffer.concat(chunks))
        .catch((error: unknown) => errorAnswer(error))
        .then((answer) => {
          const {
            'content-length': _length,
            connection: _connection,
            'transfer-encoding': _te,
            ...headers
          } = answer.headers;
          res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
          res.end(answer.body);
        });
    });
  });
  const port = await listen(server, options.host, options.port);
  return { endpoint: `http://${options.host}:${port}`, port, stop: () => closeServer(server) };
}

function jsonAnswer(body: object): RawResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function errorAnswer(error: unknown): RawResponse {
  const dynamoError =
    error instanceof DynamoDbError
      ? error
      : new DynamoDbError(
          'InternalServerError',
          error instanceof Error ? error.message : String(error),
          500,
        );
  return {
    status: dynamoError.status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(dynamoError.toBody()),
  };
}
