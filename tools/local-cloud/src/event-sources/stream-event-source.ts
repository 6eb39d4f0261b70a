import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type _Record as KinesisRecord,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { StartingPosition } from '@traced-social/manifest';
import { newTraceId } from '@traced-social/trace-model';
import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { LocalFunction } from '../lambda/local-function';
import { deliverBatch, type DeliverySettings } from './batch-delivery';
import type { Checkpoints } from './checkpoints';
import type { DeadLetters } from './dead-letters';
import { itemIdentifier, toDynamoDbEventRecord, toKinesisEventRecord } from './event-records';

export interface StreamEventSourceSpec {
  fn: LocalFunction;
  /** `kinesis` for a Kinesis stream; `dynamodb` for a table's stream (kept in a Kinesis stream). */
  kind: 'kinesis' | 'dynamodb';
  kinesisStream: string;
  eventSourceArn: string;
  region: string;
  batchSize: number;
  startingPosition: StartingPosition;
  delivery: DeliverySettings;
  /** Pause between polls of an empty shard. */
  pollIntervalMs: number;
}

type EventRecord = KinesisStreamRecord | DynamoDBRecord;

/**
 * An event source mapping from a stream to a function: one poller per shard, batches delivered in
 * order (retries, partial failures and dead letters by `deliverBatch`), each delivery traced as an
 * invocation of its own, the position checkpointed after each batch.
 */
export class StreamEventSource {
  private stopped = false;
  private readonly wakers = new Set<() => void>();
  private readonly loops: Array<Promise<void>> = [];

  constructor(
    private readonly spec: StreamEventSourceSpec,
    private readonly kinesis: KinesisClient,
    private readonly checkpoints: Checkpoints,
    private readonly deadLetters: DeadLetters,
    private readonly log: (line: string) => void,
  ) {}

  /** Resolves once every shard has its starting iterator: records put from then on are delivered. */
  async start(): Promise<void> {
    const { Shards } = await this.kinesis.send(
      new ListShardsCommand({ StreamName: this.spec.kinesisStream }),
    );
    for (const shard of Shards ?? []) {
      const shardId = shard.ShardId ?? '';
      const iterator = await this.iteratorFor(shardId);
      this.loops.push(this.poll(shardId, iterator));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
  }

  private checkpointKey(shardId: string): string {
    return `${this.spec.fn.config.functionName}|${this.spec.eventSourceArn}|${shardId}`;
  }

  private async iteratorFor(shardId: string): Promise<string | undefined> {
    const after = this.checkpoints.get(this.checkpointKey(shardId));
    const { ShardIterator } = await this.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.spec.kinesisStream,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }
          : { ShardIteratorType: this.spec.startingPosition }),
      }),
    );
    return ShardIterator;
  }

  private async poll(shardId: string, first: string | undefined): Promise<void> {
    let iterator = first;
    while (!this.stopped && iterator) {
      let records: KinesisRecord[];
      try {
        const page = await this.kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.spec.batchSize }),
        );
        records = page.Records ?? [];
        iterator = page.NextShardIterator;
      } catch (error) {
        if (this.stopped) return;
        this.log(`${this.describe()} ${shardId}: GetRecords failed (${String(error)}); retrying`);
        await this.pause(1000);
        iterator = await this.iteratorFor(shardId).catch(() => iterator);
        continue;
      }
      if (!records.length) {
        await this.pause(this.spec.pollIntervalMs);
        continue;
      }
      await this.deliver(shardId, records);
    }
  }

  private async deliver(shardId: string, records: KinesisRecord[]): Promise<void> {
    const { fn, kind, eventSourceArn, region } = this.spec;
    const ctx = { shardId, eventSourceArn, region, functionName: fn.config.functionName };
    const events: EventRecord[] = records.map((r) =>
      kind === 'kinesis' ? toKinesisEventRecord(r, ctx) : toDynamoDbEventRecord(r),
    );
    const failures = await deliverBatch(
      events,
      (batch) => fn.invoke({ Records: batch }, { traceId: newTraceId(), sampled: true }),
      itemIdentifier,
      this.spec.delivery,
    );
    for (const failure of failures) {
      await this.deadLetters.write({
        functionName: fn.config.functionName,
        eventSourceArn,
        reason: failure.reason,
        attempts: failure.attempts,
        records: failure.records,
      });
      this.log(
        `${this.describe()}: ${failure.records.length} records dead-lettered after ${failure.attempts} attempts (${failure.reason}) → ${this.deadLetters.fileFor(fn.config.functionName)}`,
      );
    }
    const last = records[records.length - 1].SequenceNumber;
    if (last) this.checkpoints.set(this.checkpointKey(shardId), last);
  }

  private describe(): string {
    return `${this.spec.kinesisStream} → ${this.spec.fn.config.functionName}`;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}
