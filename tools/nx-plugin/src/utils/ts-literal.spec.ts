import { toTsLiteral } from './ts-literal';

describe('toTsLiteral', () => {
  it('writes the top-level object one property per line, nested values on one line', () => {
    expect(
      toTsLiteral(
        {
          name: 'archive-post',
          trigger: { type: 'api', method: 'POST', auth: true },
          uses: { publishes: ['events'], 'odd-key': 1 },
          skipped: undefined,
        },
        '    ',
      ),
    ).toBe(
      [
        '{',
        "      name: 'archive-post',",
        "      trigger: { type: 'api', method: 'POST', auth: true },",
        "      uses: { publishes: ['events'], 'odd-key': 1 },",
        '    }',
      ].join('\n'),
    );
  });

  it('escapes quotes and backslashes in strings', () => {
    expect(toTsLiteral("it's a \\ path")).toBe("'it\\'s a \\\\ path'");
  });

  it('refuses what has no literal form', () => {
    expect(() => toTsLiteral(() => 1)).toThrow('Cannot write');
  });
});
