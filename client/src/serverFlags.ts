/**
 * Node flags the language server process is started with (VS Code client, and the benchmark so
 * it measures the same process). V8 sizes its young generation at process start only.
 * --max-semi-space-size=1: the default lets the young generation grow to 32 MiB on the first
 * bursts of parsing and keep it for the life of the process; with 1 MiB semi-spaces the server
 * with 200 jobs open settles near 78 MiB instead of 108 MiB, at no measurable cost per edit
 * (scripts/bench: edit → diagnostics and completion p95 unchanged).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
