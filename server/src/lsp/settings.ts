import type { AnalysisOptions } from '../core/analyze';
import type { Severity } from '../core/types';
import { NEWEST_NOMAD, parseVersion, type Version } from '../core/version';

/** The `nomadConnect.*` settings the server reads (see README, "Settings"). */
export interface Settings {
  nomadVersion?: string;
  sidecarStyle: 'native' | 'manual' | 'auto';
  diagnostics: { rules: Record<string, Severity | 'off'> };
}

export const defaultSettings: Settings = { sidecarStyle: 'auto', diagnostics: { rules: {} } };

export function normalizeSettings(raw: unknown): Settings {
  const r = (raw ?? {}) as Partial<Settings> & { diagnostics?: { rules?: Record<string, string> } };
  const rules: Record<string, Severity | 'off'> = {};
  for (const [k, v] of Object.entries(r.diagnostics?.rules ?? {})) {
    if (['off', 'hint', 'information', 'warning', 'error'].includes(v)) rules[k] = v as Severity | 'off';
  }
  return {
    nomadVersion: typeof r.nomadVersion === 'string' && r.nomadVersion.trim() ? r.nomadVersion.trim() : undefined,
    sidecarStyle: r.sidecarStyle === 'manual' || r.sidecarStyle === 'native' ? r.sidecarStyle : 'auto',
    diagnostics: { rules },
  };
}

/** The target Nomad version: the setting, else the newest release the rules know. */
export function targetVersion(s: Settings): Version {
  return parseVersion(s.nomadVersion) ?? NEWEST_NOMAD;
}

export function analysisOptions(s: Settings): AnalysisOptions {
  return { nomadVersion: s.nomadVersion, rules: s.diagnostics.rules };
}
