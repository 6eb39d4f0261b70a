import { gte } from './xray-sdk-semver';

// The library it stands in for, as the reference (installed with the X-Ray SDK).
const semver = require('semver') as { gte(version: string, minimum: string): boolean };

describe('the semver stand-in of Lambda bundles', () => {
  it('answers gte as semver does for the X-Ray SDK check and for release and pre-release versions', () => {
    const versions = [
      '2.7.15',
      '2.7.14',
      '2.7.16',
      '2.10.0',
      '2.1692.0',
      '3.0.0',
      '1.99.99',
      '2.7.15-beta.1',
      '2.8.0-rc.0',
      'v2.7.15',
      '2.7.15+build.7',
    ];
    for (const version of versions) {
      for (const minimum of ['2.7.15', '2.8.0-rc.0', '0.0.1']) {
        expect({ version, minimum, gte: gte(version, minimum) }).toEqual({
          version,
          minimum,
          gte: semver.gte(version, minimum),
        });
      }
    }
  });

  it('refuses what is not a version, as semver does', () => {
    expect(() => gte('latest', '2.7.15')).toThrow(TypeError);
  });
});
