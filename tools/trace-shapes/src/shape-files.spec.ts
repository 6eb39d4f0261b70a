import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveShapes, observeTrace } from '@traced-social/trace-shapes';
import { getFeedTrace, wideTrace } from '@traced-social/trace-shapes/testing';
import { readShapeFiles, writeShapeFiles } from './shape-files';

const shapesOf = (...traces: Array<(size: number) => ReturnType<typeof getFeedTrace>>) =>
  deriveShapes(
    [2, 5].flatMap((size) => traces.map((trace) => observeTrace(trace(size), { size })!)),
    { sizeUnit: 'post' },
  );

describe('shape files', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'trace-shapes-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('writes one formatted file per operation and reads the same shapes back', () => {
    const shapes = shapesOf(getFeedTrace, () => wideTrace(3));
    writeShapeFiles(directory, shapes);

    expect(readdirSync(directory).sort()).toEqual(['GET_FEED.json', 'LIST_LIKES.json']);
    expect(readFileSync(join(directory, 'GET_FEED.json'), 'utf8')).toContain('"sizes": [2, 5],');
    expect(readShapeFiles(directory)).toEqual(shapes);
  });

  it("removes the files of operations no longer recorded and keeps the load's latency.json", () => {
    writeFileSync(join(directory, 'latency.json'), '{"source":"npm run load","operations":[]}\n');
    writeShapeFiles(
      directory,
      shapesOf(getFeedTrace, () => wideTrace(3)),
    );
    writeShapeFiles(directory, shapesOf(getFeedTrace));

    expect(readdirSync(directory).sort()).toEqual(['GET_FEED.json', 'latency.json']);
    expect([...readShapeFiles(directory).keys()]).toEqual(['GET_FEED']);
  });

  it('names the file that is not a shape', () => {
    writeFileSync(join(directory, 'GET_FEED.json'), '{"operation":"GET_FEED"}');
    expect(() => readShapeFiles(directory)).toThrow(
      `${join(directory, 'GET_FEED.json')}: not a trace shape: operation, tree and subsegments are required`,
    );
  });
});
