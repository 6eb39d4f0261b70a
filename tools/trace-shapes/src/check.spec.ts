import { annotationReaders, deriveShapes, observeTrace } from '@traced-social/trace-shapes';
import { getFeedTrace, wideTrace } from '@traced-social/trace-shapes/testing';
import { checkShapes, renderCheck } from './check';

const shapesOf = (trace: (size: number) => ReturnType<typeof getFeedTrace>) =>
  deriveShapes(
    [2, 5].map((size) => observeTrace(trace(size), { size })!),
    { sizeUnit: 'post' },
  );

describe('checking recorded shapes against the checked-in ones', () => {
  const readers = annotationReaders([
    { name: 'X-Ray group cache-misses', filterExpression: 'annotation.cacheHit = false' },
  ]);

  it('passes on the same shapes, with no report', () => {
    // Another app's checked-in shapes count as writers of the keys monitoring reads.
    const elsewhere = [...shapesOf(getFeedTrace).values()];
    const likes = shapesOf(() => wideTrace(3));
    expect(checkShapes(likes, likes, readers, elsewhere).failed).toBe(false);
    expect(checkShapes(likes, likes, readers).unread).toHaveLength(1);

    const check = checkShapes(shapesOf(getFeedTrace), shapesOf(getFeedTrace), readers);
    expect(check.failed).toBe(false);
    expect(renderCheck('feed', check)).toBe('');
  });

  it('fails with the changes in words, the command that accepts them, and the monitoring left reading nothing', () => {
    const check = checkShapes(
      shapesOf(getFeedTrace),
      shapesOf((n) => getFeedTrace(n, { cacheHitAnnotation: false })),
      readers,
    );
    expect(check.failed).toBe(true);
    expect(renderCheck('feed', check).split('\n')).toEqual([
      'Trace shapes of feed changed (apps/feed/trace-shapes/):',
      '  - GET_FEED: annotation cacheHit no longer written; used by X-Ray group cache-misses',
      '  Annotations that monitoring reads are gone: fix the code, or change the readers too.',
      'If the change is intended, accept it (the files show it in review): npx nx run feed:trace-shapes --update',
      'Error: annotation cacheHit is read by X-Ray group cache-misses but no recorded operation writes it',
    ]);
  });

  it('fails past the subsegment budget and only warns close to it', () => {
    const wide = shapesOf(() => wideTrace(50));
    const check = checkShapes(wide, wide, new Map());
    expect(check.failed).toBe(true);
    expect(renderCheck('likes', check)).toBe(
      'Error: LIST_LIKES: 50 subsegments, over the budget of 49 (operations past it run untraced)',
    );
    const close = shapesOf(() => wideTrace(41));
    expect(checkShapes(close, close, new Map()).failed).toBe(false);
  });
});
