import type { Dirent } from 'node:fs';
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../core/parse';
import { isJobFileName, TOP_LEVEL_JOB } from './jobFiles';

/**
 * Finding and reading the job files of a workspace for the language server's index. Unlike the
 * CLI's walk (jobFiles.ts), everything here is asynchronous: a workspace root may be a home
 * folder or a monorepo, and the server must keep answering while it is scanned.
 */

export interface WalkLimits {
  /** Larger files are skipped: the analysis would not parse them anyway (see parse.ts). */
  maxFileBytes: number;
  /** File-system calls in flight at once while a folder's entries are examined. */
  concurrency: number;
  /** Folders visited at most per root; the walk stops there (and says so through onLimit). */
  maxFolders: number;
  onLimit?: (root: string) => void;
}

/** UTF-8 takes at most 3 bytes per UTF-16 unit: a larger file is surely over the parse limit. */
export const DEFAULT_WALK_LIMITS: WalkLimits = { maxFileBytes: 3 * DEFAULT_LIMITS.maxChars, concurrency: 8, maxFolders: 20_000 };

/**
 * The job files under a folder (`*.nomad`, `*.nomad.hcl`, and `*.hcl` files holding a top-level
 * job), depth first in name order. `node_modules` and dot folders (`.git`…) are skipped, and
 * folders reached again through a symbolic link are visited once.
 */
export async function* jobFilesUnder(root: string, limits: WalkLimits = DEFAULT_WALK_LIMITS): AsyncGenerator<string> {
  const seen = new Set<string>();
  const stack = [root];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const dir = next;
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || seen.has(real)) continue;
    if (seen.size >= limits.maxFolders) {
      limits.onLimit?.(root);
      return;
    }
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
    const candidates = entries.filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const kinds = await mapLimited(candidates, limits.concurrency, (e) => kindOf(path.join(dir, e.name), e, limits));
    const folders: string[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const full = path.join(dir, candidates[i].name);
      if (kinds[i] === 'folder') folders.push(full);
      else if (kinds[i] === 'job') yield full;
    }
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]);
  }
}

type Kind = 'folder' | 'job' | undefined;

/** Stats only what may matter: a folder, a symbolic link, or a file with a job file's name. */
async function kindOf(full: string, entry: Dirent, limits: WalkLimits): Promise<Kind> {
  const name = entry.name;
  const maybeJob = isJobFileName(name) || name.endsWith('.hcl');
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile() && !maybeJob) return undefined;
  // FIFOs, sockets and devices would block or never end; a link may lead to a folder.
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return undefined;
  const st = await stat(full).catch(() => undefined);
  if (!st) return undefined;
  if (st.isDirectory()) return 'folder';
  if (!maybeJob || !st.isFile() || st.size > limits.maxFileBytes) return undefined;
  if (isJobFileName(name)) return 'job';
  return TOP_LEVEL_JOB.test(await readHead(full)) ? 'job' : undefined;
}

/** A file's text, or undefined when it cannot be read (deleted meanwhile, no permission…) or is too large. */
export async function readTextFile(file: string, maxBytes = DEFAULT_WALK_LIMITS.maxFileBytes): Promise<string | undefined> {
  try {
    const st = await stat(file);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first 64 KiB: enough to find a top-level job block without reading large files. */
async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `items.map(fn)` with at most `limit` calls pending at once; results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
