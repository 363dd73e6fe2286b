/** Nomad versions as comparable numbers; the target version decides version-dependent rules. */
export type Version = [number, number, number];

/** The newest Nomad release the rules know about; the default target. */
export const NEWEST_NOMAD: Version = [2, 0, 0];

export function parseVersion(text: string | undefined): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec((text ?? '').trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function atLeast(v: Version, min: string): boolean {
  const m = parseVersion(min)!;
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
  return true;
}

export function formatVersion(v: Version): string {
  return v.join('.');
}
