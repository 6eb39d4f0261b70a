import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { ResourcesSpec } from '@traced-social/manifest';
import type { PhysicalNames } from '../resources/physical-names';
import { buildStreamRecord, type StreamedTable, type StreamRecordDraft } from './stream-records';
import type { Item } from './wire';

export interface TableStreamTarget extends StreamedTable {
  /** The Kinesis stream (in kinesalite) holding this table's stream records, in order. */
  kinesisStream: string;
}

/** The streamed tables of `resources`, by physical name. */
export function streamTargetsOf(
  resources: ResourcesSpec,
  names: PhysicalNames,
  region: string,
): Map<string, TableStreamTarget> {
  const targets = new Map<string, TableStreamTarget>();
  for (const [logical, spec] of Object.entries(resources.tables)) {
    if (!spec.stream) continue;
    targets.set(names.table(logical), {
      viewType: spec.stream,
      region,
      streamArn: names.tableStreamArn(logical),
      kinesisStream: names.tableStream(logical),
    });
  }
  return targets;
}

/**
 * The DynamoDB Streams of the local cloud: records of committed writes are appended, in write
 * order, to one Kinesis stream per table, from which the event sources deliver them. Appending
 * happens while the table's write lock is held, so the order is the order of the writes.
 */
export class TableStreams {
  constructor(
    private readonly targets: Map<string, TableStreamTarget>,
    private readonly kinesis: KinesisClient,
    /** Where records that could not be appended are kept (never dropped silently). */
    private readonly undeliveredFile: string,
    private readonly log: (line: string) => void,
  ) {}

  has(tableName: string): boolean {
    return this.targets.has(tableName);
  }

  async recordWrites(
    tableName: string,
    writes: Array<{ keys: Item; oldImage?: Item; newImage?: Item }>,
  ): Promise<void> {
    const target = this.targets.get(tableName);
    if (!target) return;
    const records = writes
      .map((w) => buildStreamRecord(target, w.keys, w.oldImage, w.newImage))
      .filter((r): r is StreamRecordDraft => r !== undefined);
    if (!records.length) return;
    try {
      const { FailedRecordCount } = await this.kinesis.send(
        new PutRecordsCommand({
          StreamName: target.kinesisStream,
          Records: records.map((r) => ({
            PartitionKey: tableName,
            Data: Buffer.from(JSON.stringify(r), 'utf8'),
          })),
        }),
      );
      if (FailedRecordCount) throw new Error(`${FailedRecordCount} records were not appended`);
    } catch (error) {
      this.log(
        `DynamoDB stream of ${tableName}: could not append ${records.length} records (${String(error)}); kept in ${this.undeliveredFile}`,
      );
      await mkdir(dirname(this.undeliveredFile), { recursive: true });
      await appendFile(
        this.undeliveredFile,
        records.map((r) => JSON.stringify({ tableName, record: r }) + '\n').join(''),
      );
    }
  }
}
