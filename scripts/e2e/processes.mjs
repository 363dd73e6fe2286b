// Child processes the e2e runners start, and the guarantee that every one of them ends:
// each is spawned in its own process group and the whole group is ended on cleanup, on failure
// and on Ctrl+C, so no VS Code server, extension host, language server or browser is left behind.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const cleanups = [];

/** Registers `fn` to run (last registered first) when the run ends, however it ends. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let cleaning;

/** Runs the cleanups once; a second caller (a signal during the normal end) waits for the same run. */
export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (err) {
        console.error(`[e2e] cleanup: ${err instanceof Error ? err.message : err}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`[e2e] ${signal}: stopping what was started`);
    void cleanup().then(() => process.exit(130));
  });
}

/** Resolves after `ms`; the timer never keeps the runner alive by itself. */
export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Rejects with `message` after `ms` unless `promise` settles first. */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts a process in its own process group and registers its end. `name` prefixes its output
 * when `echo` is set; `lines(cb)` lets callers watch stdout/stderr line by line.
 */
export function start(name, command, args, { env, cwd, echo = false } = {}) {
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const watchers = new Set();
  const tail = [];
  let exited = false;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      exited = true;
      tail.push(String(err));
      resolve({ code: null, signal: null, error: err });
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop();
      for (const line of parts) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (echo) console.log(`[${name}] ${line}`);
        for (const w of watchers) w(line);
      }
    });
  }
  const stop = async () => {
    if (exited) return;
    signalGroup(child.pid, 'SIGTERM');
    const ended = await Promise.race([exit.then(() => true), delay(5000).then(() => false)]);
    if (!ended) signalGroup(child.pid, 'SIGKILL');
    // Children of the group (extension hosts, language servers) may outlive the leader briefly.
    signalGroup(child.pid, 'SIGKILL');
  };
  onCleanup(stop);
  return {
    child,
    exit,
    stop,
    /** The last lines of output, for error messages. */
    tail: () => tail.join('\n'),
    /** Resolves with the first line matching `re` (its match), rejects if the process ends first. */
    waitForLine(re, ms, what) {
      const found = new Promise((resolve, reject) => {
        const watcher = (line) => {
          const m = line.match(re);
          if (m) {
            watchers.delete(watcher);
            resolve(m);
          }
        };
        watchers.add(watcher);
        void exit.then(({ code, signal }) => reject(new Error(`${name} ended (code ${code}, signal ${signal}) before ${what}:\n${tail.join('\n')}`)));
      });
      return withTimeout(found, ms, `${name}: no ${what} within ${ms / 1000} s:\n${tail.join('\n')}`);
    },
  };
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export function run(command, args, { env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (code ${code}, signal ${signal})`));
    });
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers with a status below 500. */
export async function waitForHttp(url, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`);
    await delay(200);
  }
}
