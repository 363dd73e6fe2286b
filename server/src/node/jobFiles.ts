import { readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';

/** A top-level `job "…" {` block: how a plain `.hcl` file is recognised as a Nomad job. */
export const TOP_LEVEL_JOB = /^job\s+("[^"]*"|[A-Za-z_][\w-]*)\s*\{/m;

export function isJobFileName(file: string): boolean {
  return file.endsWith('.nomad') || file.endsWith('.nomad.hcl');
}

export interface WalkProblem {
  path: string;
  message: string;
  /** A note is worth a line but is no problem: it does not change the exit status. */
  note?: boolean;
}

/**
 * Expands folders into the job files they hold: `*.nomad`, `*.nomad.hcl`, and `*.hcl` files whose
 * text has a top-level job block (`readText` decides that lazily). Symlink loops are visited once.
 */
export function findJobFiles(root: string, isHclJob: (file: string) => boolean, problems: WalkProblem[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      problems.push({ path: dir, message: `cannot read folder: ${describeError(err)}` });
      return;
    }
    if (seen.has(real)) {
      if (dir !== root) problems.push({ path: dir, message: `skipped: links back to ${real}, which is checked once`, note: true });
      return;
    }
    seen.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (err) {
      problems.push({ path: dir, message: `cannot read folder: ${describeError(err)}` });
      return;
    }
    for (const name of entries) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      const st = statOrProblem(full, problems);
      if (!st) continue;
      if (st.isDirectory()) walk(full);
      else if (!isJobFileName(name) && !name.endsWith('.hcl')) continue;
      // Reading a FIFO or a device would block or never end.
      else if (!st.isFile()) problems.push({ path: full, message: NOT_REGULAR });
      else if (isJobFileName(name) || isHclJob(full)) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** What is said of a path that is neither a folder nor a regular file (a FIFO, a device, a socket). */
export const NOT_REGULAR = 'not a regular file, not checked';

/** The path's stats, or undefined with a "cannot read" problem noted. */
export function statOrProblem(p: string, problems: WalkProblem[]): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    problems.push({ path: p, message: `cannot read: ${describeError(err)}` });
    return undefined;
  }
}

export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EBINARY':
      return 'binary content (NUL bytes), not a job file';
    default:
      return e?.message ?? String(err);
  }
}
