import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { findJobFiles, TOP_LEVEL_JOB, type WalkProblem } from './jobFiles';

/** The job files under a folder (`*.nomad`, `*.nomad.hcl`, and `*.hcl` files holding a job). */
export function listJobFiles(folder: string, problems: WalkProblem[] = []): string[] {
  return findJobFiles(folder, (file) => TOP_LEVEL_JOB.test(readHead(file)), problems);
}

/** A file's text, or undefined when it cannot be read (deleted meanwhile, no permission…). */
export function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first 64 KiB: enough to find a top-level job block without reading large files. */
function readHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, n);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
