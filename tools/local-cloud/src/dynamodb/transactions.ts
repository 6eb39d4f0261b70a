import { createHash } from 'node:crypto';
import { keyId, readItem, type KeySchemas } from './key-schema';
import type { TableLocks } from './table-locks';
import type { TableStreams } from './table-streams';
import { DynamoDbError, type DynamoWire, type Item } from './wire';

/**
 * TransactWriteItems and TransactGetItems, which dynalite lacks, on top of dynalite's single-item
 * operations: under the write locks of every table involved, each condition is checked against
 * the items as they are, and only when all hold are the writes applied (and undone if one fails),
 * so other clients see all of a transaction or none of it.
 */
export interface TransactionDeps {
  wire: DynamoWire;
  locks: TableLocks;
  keys: KeySchemas;
  streams: TableStreams;
}

type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

interface OperationParams {
  TableName: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

interface Operation {
  kind: WriteKind;
  params: OperationParams;
  key: Item;
}

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

const WRITE_KINDS: WriteKind[] = ['ConditionCheck', 'Put', 'Update', 'Delete'];
/** DynamoDB remembers a ClientRequestToken for 10 minutes. */
const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

export class Transactions {
  private readonly tokens = new Map<string, { hash: string; at: number }>();

  constructor(private readonly deps: TransactionDeps) {}

  async write(payload: {
    TransactItems?: Array<Partial<Record<WriteKind, OperationParams>>>;
    ClientRequestToken?: string;
  }): Promise<object> {
    const items = transactItems(payload.TransactItems);
    if (this.alreadyApplied(payload.ClientRequestToken, payload)) return {};
    const operations = await Promise.all(items.map((item) => this.parse(item)));
    const ids = new Set(operations.map((op) => keyId(op.params.TableName, op.key)));
    if (ids.size !== operations.length) {
      throw new DynamoDbError(
        'ValidationException',
        'Transaction request cannot include multiple operations on one item',
      );
    }
    const tables = operations.map((op) => op.params.TableName);
    await this.deps.locks.withWrite(tables, async () => {
      const before = [];
      for (const op of operations)
        before.push(await readItem(this.deps.wire, op.params.TableName, op.key));
      await this.checkConditions(operations, before);
      await this.applyAll(operations, before);
      await this.recordStreams(operations, before);
    });
    if (payload.ClientRequestToken) this.remember(payload.ClientRequestToken, payload);
    return {};
  }

  async get(payload: {
    TransactItems?: Array<{ Get?: OperationParams & { ProjectionExpression?: string } }>;
  }): Promise<object> {
    const items = transactItems(payload.TransactItems);
    const gets = items.map((item) => {
      if (!item.Get?.TableName || !item.Get.Key) {
        throw new DynamoDbError(
          'ValidationException',
          'Each TransactItem needs Get with TableName and Key',
        );
      }
      return item.Get;
    });
    return this.deps.locks.withRead(
      gets.map((g) => g.TableName),
      async () => {
        const Responses = [];
        for (const get of gets) {
          const { Item } = await this.deps.wire.call<{ Item?: Item }>('GetItem', {
            TableName: get.TableName,
            Key: get.Key,
            ConsistentRead: true,
            ...(get.ProjectionExpression ? { ProjectionExpression: get.ProjectionExpression } : {}),
            ...(get.ExpressionAttributeNames
              ? { ExpressionAttributeNames: get.ExpressionAttributeNames }
              : {}),
          });
          Responses.push(Item ? { Item } : {});
        }
        return { Responses };
      },
    );
  }

  private async parse(item: Partial<Record<WriteKind, OperationParams>>): Promise<Operation> {
    const kinds = WRITE_KINDS.filter((k) => item[k] !== undefined);
    if (kinds.length !== 1) {
      throw new DynamoDbError(
        'ValidationException',
        'Each TransactItem must have exactly one of ConditionCheck, Put, Update, Delete',
      );
    }
    const kind = kinds[0];
    const params = item[kind] as OperationParams;
    if (!params.TableName)
      throw new DynamoDbError('ValidationException', `${kind} needs a TableName`);
    if (kind === 'ConditionCheck' && !params.ConditionExpression) {
      throw new DynamoDbError('ValidationException', 'ConditionCheck needs a ConditionExpression');
    }
    if (kind === 'Put') {
      if (!params.Item) throw new DynamoDbError('ValidationException', 'Put needs an Item');
      return { kind, params, key: await this.deps.keys.keyOf(params.TableName, params.Item) };
    }
    if (!params.Key) throw new DynamoDbError('ValidationException', `${kind} needs a Key`);
    return { kind, params, key: params.Key };
  }

  /** Checks every condition against the current items; throws the cancellation if any fails. */
  private async checkConditions(
    operations: Operation[],
    before: Array<Item | undefined>,
  ): Promise<void> {
    const reasons: CancellationReason[] = [];
    for (const [i, op] of operations.entries()) {
      reasons.push(await this.checkCondition(op, before[i]));
    }
    if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);
  }

  /**
   * Evaluates a condition by dynalite itself, with a write that changes nothing: the current item
   * put back as it is, or (no item) a delete of nothing, carrying the condition.
   */
  private async checkCondition(
    op: Operation,
    current: Item | undefined,
  ): Promise<CancellationReason> {
    const condition = conditionOnly(op.params);
    if (!condition) return { Code: 'None' };
    try {
      if (current)
        await this.deps.wire.call('PutItem', {
          TableName: op.params.TableName,
          Item: current,
          ...condition,
        });
      else
        await this.deps.wire.call('DeleteItem', {
          TableName: op.params.TableName,
          Key: op.key,
          ...condition,
        });
      return { Code: 'None' };
    } catch (error) {
      if (error instanceof DynamoDbError && error.type === 'ConditionalCheckFailedException') {
        const withItem = op.params.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && current;
        return {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(withItem ? { Item: current } : {}),
        };
      }
      throw error;
    }
  }

  private async applyAll(operations: Operation[], before: Array<Item | undefined>): Promise<void> {
    const applied: number[] = [];
    for (const [i, op] of operations.entries()) {
      if (op.kind === 'ConditionCheck') continue;
      try {
        await this.apply(op);
        applied.push(i);
      } catch (error) {
        for (const j of applied.reverse()) await this.restore(operations[j], before[j]);
        const message = error instanceof Error ? error.message : String(error);
        throw cancelled(
          operations.map((_, k) =>
            k === i ? { Code: 'ValidationError', Message: message } : { Code: 'None' },
          ),
        );
      }
    }
  }

  private async apply(op: Operation): Promise<void> {
    const { ReturnValuesOnConditionCheckFailure: _ignored, ...params } = op.params;
    if (op.kind === 'Put') await this.deps.wire.call('PutItem', params);
    else if (op.kind === 'Update') await this.deps.wire.call('UpdateItem', params);
    else await this.deps.wire.call('DeleteItem', params);
  }

  private async restore(op: Operation, previous: Item | undefined): Promise<void> {
    const TableName = op.params.TableName;
    if (previous) await this.deps.wire.call('PutItem', { TableName, Item: previous });
    else await this.deps.wire.call('DeleteItem', { TableName, Key: op.key });
  }

  private async recordStreams(
    operations: Operation[],
    before: Array<Item | undefined>,
  ): Promise<void> {
    for (const [i, op] of operations.entries()) {
      if (op.kind === 'ConditionCheck' || !this.deps.streams.has(op.params.TableName)) continue;
      const after =
        op.kind === 'Delete'
          ? undefined
          : await readItem(this.deps.wire, op.params.TableName, op.key);
      await this.deps.streams.recordWrites(op.params.TableName, [
        { keys: op.key, oldImage: before[i], newImage: after },
      ]);
    }
  }

  private alreadyApplied(token: string | undefined, payload: object): boolean {
    if (!token) return false;
    const now = Date.now();
    for (const [t, seen] of this.tokens)
      if (now - seen.at > IDEMPOTENCY_WINDOW_MS) this.tokens.delete(t);
    const seen = this.tokens.get(token);
    if (!seen) return false;
    if (seen.hash !== hashOf(payload)) {
      throw new DynamoDbError(
        'IdempotentParameterMismatchException',
        'The ClientRequestToken was used with a different request',
      );
    }
    return true;
  }

  private remember(token: string, payload: object): void {
    this.tokens.set(token, { hash: hashOf(payload), at: Date.now() });
  }
}

function hashOf(payload: object): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

/** The condition of an operation with only the placeholders it uses (dynalite rejects unused ones). */
export function conditionOnly(params: OperationParams): Partial<OperationParams> | undefined {
  const expression = params.ConditionExpression;
  if (!expression) return undefined;
  const used = new Set(expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const pick = <V>(map: Record<string, V> | undefined): Record<string, V> | undefined => {
    const entries = Object.entries(map ?? {}).filter(([k]) => used.has(k));
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const names = pick(params.ExpressionAttributeNames);
  const values = pick(params.ExpressionAttributeValues);
  return {
    ConditionExpression: expression,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
  };
}

function cancelled(reasons: CancellationReason[]): DynamoDbError {
  return new DynamoDbError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    400,
    { CancellationReasons: reasons },
  );
}

/** A transaction's items: 1 to 100, as DynamoDB allows (a ValidationException otherwise). */
function transactItems<T>(items: T[] | undefined): T[] {
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    throw new DynamoDbError(
      'ValidationException',
      'TransactItems must have between 1 and 100 items',
    );
  }
  return items;
}
