/** Nomad versions as comparable numbers; the target version decides version-dependent rules. */
export type Version = [number, number, number];

/** The newest Nomad release the rules know about; the default target. */
export const NEWEST_NOMAD: Version = [2, 0, 0];

export function parseVersion(text: string | undefined): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec((text ?? '').trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Rules and catalogs compare against a few literal versions thousands of times per analysis. */
const minimums = new Map<string, Version>();

export function atLeast(v: Version, min: string): boolean {
  let m = minimums.get(min);
  if (!m) minimums.set(min, (m = parseVersion(min)!));
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
  return true;
}

const formatted = new WeakMap<Version, string>();

/** "1.10.0"; kept per Version object, as caches key by it on every lookup. */
export function formatVersion(v: Version): string {
  let text = formatted.get(v);
  if (text === undefined) formatted.set(v, (text = v.join('.')));
  return text;
}
