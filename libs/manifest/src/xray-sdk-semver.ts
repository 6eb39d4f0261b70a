/**
 * What Lambda bundles get in place of `semver` (an esbuild alias in `handlerBuildOptions`). Its one
 * importer in a handler bundle is the X-Ray SDK's AWS SDK *v2* patcher (`captureAWS`), which loads
 * at import and calls only `semver.gte(awssdk.VERSION, '2.7.15')` — and which nothing here calls
 * (Powertools captures v3 clients). The full `semver` adds 28 KB to every X-Ray bundle
 * (decision 1900). `gte` compares `major.minor.patch` as that check needs; a pre-release sorts
 * before its release, as in semver. Since decision 1922 the v2 patcher itself is replaced by a
 * stand-in, so this is reached only if that stand-in stops matching after an upgrade.
 */
export function gte(version: string, minimum: string): boolean {
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] > b.core[i];
  if (a.prerelease === b.prerelease) return true;
  if (!a.prerelease) return true;
  if (!b.prerelease) return false;
  return a.prerelease >= b.prerelease;
}

function parse(version: string): { core: number[]; prerelease: string } {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    version.trim(),
  );
  if (!match) throw new TypeError(`Invalid Version: ${version}`);
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] ?? '',
  };
}
