import { atLeast, type Version } from '../version';

/**
 * Nomad's `helper.CleanEnvVar` (domain.md §B.2): `[A-Za-z_.]` and digits after the first
 * character survive, everything else becomes `_`. It works on bytes, so a non-ASCII character
 * becomes one `_` per UTF-8 byte.
 */
export function cleanEnvVar(name: string): string {
  if (CLEAN.test(name)) return name;
  let out = '';
  let i = 0;
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    const keep =
      ch === '_' || ch === '.' || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (i > 0 && c >= 0x30 && c <= 0x39);
    out += keep ? ch : '_'.repeat(utf8Length(c));
    i += utf8Length(c);
  }
  return out;
}

/** Names that cleaning leaves as they are (most of them). */
const CLEAN = /^[A-Za-z_.][A-Za-z0-9_.]*$/;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** From 0.10 only these prefixes are cleaned (commit 4244265a9d); before, every key was. */
const CLEANED = /^NOMAD_(?:ADDR|IP|PORT|HOST_PORT|META)_/;

/**
 * The key a variable set as `raw` has in the task's final environment: what driver `config`,
 * templates and services see. `env` values are interpolated before this cleaning (§B.3).
 */
export function finalKey(raw: string, version: Version): string {
  if (!atLeast(version, '0.10')) return cleanEnvVar(raw);
  return CLEANED.test(raw) ? cleanEnvVar(raw) : raw;
}
