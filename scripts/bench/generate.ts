/**
 * Deterministic job files for the benchmark. Every job is native Connect: groups with a bridge
 * network, a Connect service with upstreams, and tasks full of `${NOMAD_…}` interpolations, so
 * the rules, the interpolation model and the features have real work to do. Same seed, same text.
 */

/** mulberry32: a tiny seeded PRNG, enough to vary names, ports and counts reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GroupSpec {
  /** Service name of the group (also its label). */
  name: string;
  /** Services it calls through its sidecar. */
  upstreams: string[];
  appPort: number;
  /** Gives the second upstream the first one's port: an NCX-N05 finding with a quick fix. */
  flawed?: boolean;
}

/** Where the benchmark asks its questions inside a generated job (0-based line/character). */
export interface Marks {
  /** Just after `${NOMAD_` in an env value of a middle group: `X = "${NOMAD_}"`. */
  completionClosed: { line: number; character: number };
  /**
   * Just after `${NOMAD_` in a list item `"${NOMAD_ALLOC_ID}",`; the bench deletes the rest of
   * the line (up to lineEnd) so the interpolation, string and list are left open, as when typing.
   */
  completionOpen: { line: number; character: number; lineEnd: number };
  /** Inside `${NOMAD_UPSTREAM_ADDR_…}` of a middle group (hover, definition). */
  upstreamRef: { line: number; character: number };
  /** Start of the probe group's duplicate `local_bind_port` value (an NCX-N05 diagnostic). */
  diagnostic: { line: number; character: number };
  /** Inside a `"…"` string value where one character is typed and deleted (edit → diagnostics). */
  editAt: { line: number; character: number };
}

const ENV_PAD = 'abcdefghijklmnopqrstuvwxyz';

/** One group: ~100 lines. `marks` collects positions when this is the group the bench probes. */
function group(spec: GroupSpec, rnd: () => number, lines: string[], marks?: Partial<Marks>): void {
  const { name, upstreams, appPort, flawed } = spec;
  const push = (s: string) => lines.push(s);
  const count = 1 + Math.floor(rnd() * 3);
  push(`  group "${name}" {`);
  push(`    count = ${count}`);
  push('    network {');
  push('      mode = "bridge"');
  push('      port "http" {');
  push(`        to = ${appPort}`);
  push('      }');
  push('      port "metrics" {}');
  push('    }');
  push('    service {');
  push(`      name = "${name}"`);
  push(`      port = "${appPort}"`);
  push(`      tags = ["v${1 + Math.floor(rnd() * 9)}", "zone-${'abc'[Math.floor(rnd() * 3)]}"]`);
  push('      check {');
  push('        type     = "http"');
  push('        path     = "/health"');
  push('        interval = "10s"');
  push('        timeout  = "2s"');
  push('        expose   = true');
  push('      }');
  push('      connect {');
  push('        sidecar_service {');
  push('          proxy {');
  upstreams.forEach((u, i) => {
    push('            upstreams {');
    push(`              destination_name = "${u}"`);
    if (marks && i === 1) marks.diagnostic = { line: lines.length, character: '              local_bind_port  = '.length };
    push(`              local_bind_port  = ${flawed && i === 1 ? 11000 : 11000 + i}`);
    push('            }');
  });
  push('          }');
  push('        }');
  push('      }');
  push('    }');
  push('');
  push('    task "app" {');
  push('      driver = "docker"');
  push('      config {');
  push(`        image = "example/${name}:1.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 10)}"`);
  push('        ports = ["http", "metrics"]');
  push(`        args = [`);
  push(`          "--listen", "127.0.0.1:${appPort}",`);
  push('          "--metrics", "0.0.0.0:${NOMAD_PORT_metrics}",');
  const alloc = '          "--alloc", "${NOMAD_ALLOC_ID}",';
  if (marks) marks.completionOpen = { line: lines.length, character: alloc.indexOf('ALLOC_ID'), lineEnd: alloc.length };
  push(alloc);
  push('        ]');
  push('      }');
  push('      env {');
  upstreams.forEach((u, i) => {
    const line = `        UPSTREAM_${i} = "http://\${NOMAD_UPSTREAM_ADDR_${u}}/v1"`;
    if (marks && i === 0) marks.upstreamRef = { line: lines.length, character: line.indexOf('UPSTREAM_ADDR') };
    push(line);
  });
  push('        HTTP_PORT  = "${NOMAD_PORT_http}"');
  push('        HOST_PORT  = "${NOMAD_HOST_PORT_http}"');
  push('        ALLOC_NAME = "${NOMAD_ALLOC_NAME}-${NOMAD_ALLOC_INDEX}"');
  const pad = ENV_PAD.slice(0, 4 + Math.floor(rnd() * 20));
  if (marks) {
    marks.editAt = { line: lines.length, character: '        LABEL      = "'.length + 2 };
    marks.completionClosed = { line: lines.length + 1, character: '        PROBE      = "${NOMAD_'.length };
  }
  push(`        LABEL      = "${pad}"`);
  push(marks ? '        PROBE      = "${NOMAD_}"' : `        TASK       = "\${NOMAD_TASK_NAME}"`);
  push('      }');
  push('      template {');
  push('        data = <<EOF');
  upstreams.forEach((u, i) => push(`upstream_${i} = "{{ env "NOMAD_UPSTREAM_ADDR_${u}" }}"`));
  push('metrics = "{{ env "NOMAD_PORT_metrics" }}"');
  push('EOF');
  push('        destination = "local/app.conf"');
  push('        env         = false');
  push('      }');
  push('      resources {');
  push(`        cpu    = ${100 + Math.floor(rnd() * 400)}`);
  push(`        memory = ${128 + Math.floor(rnd() * 512)}`);
  push('      }');
  push('    }');
  push('');
  push('    task "log-shipper" {');
  push('      driver = "docker"');
  push('      lifecycle {');
  push('        hook    = "poststart"');
  push('        sidecar = true');
  push('      }');
  push('      config {');
  push('        image = "example/shipper:2.1"');
  push('        args  = ["--source", "${NOMAD_ALLOC_DIR}/logs", "--tag", "${NOMAD_JOB_NAME}.${NOMAD_GROUP_NAME}"]');
  push('      }');
  push('      resources {');
  push('        cpu    = 50');
  push('        memory = 64');
  push('      }');
  push('    }');
  push('  }');
  push('');
}

export interface GeneratedJob {
  text: string;
  lines: number;
  groups: number;
  /** Service names the job declares. */
  services: string[];
  marks: Marks;
}

/**
 * A job with `groups` groups (about 100 lines each). Upstreams point at other groups of the same
 * job, or into `peers` when given (the workspace jobs call each other). Stops adding groups once
 * `minBytes` is reached when that is set.
 */
export function generateJob(opts: { seed: number; job: string; groups: number; upstreams?: number; peers?: string[]; minBytes?: number }): GeneratedJob {
  const rnd = prng(opts.seed);
  const nUp = opts.upstreams ?? 4;
  const lines: string[] = [
    `# Generated by scripts/bench (seed ${opts.seed}); not a real deployment.`,
    `job "${opts.job}" {`,
    '  datacenters = ["dc1", "dc2"]',
    '  type        = "service"',
    '',
  ];
  const prefix = opts.job.replace(/[^a-z0-9]/g, '');
  const nameOf = (i: number) => `${prefix}g${String(i).padStart(3, '0')}`;
  // With minBytes the group count is an upper bound; upstreams may then name groups past the cut,
  // which reads like services of other jobs.
  const total = opts.minBytes ? Math.ceil(opts.minBytes / 2000) : opts.groups;
  const pool = opts.peers ?? Array.from({ length: total }, (_, i) => nameOf(i));
  const probe = Math.floor(Math.min(total, opts.groups) / 2);
  const marks: Partial<Marks> = {};
  const used: string[] = [];
  let bytes = 0;
  for (let i = 0; i < total; i++) {
    const name = nameOf(i);
    const ups: string[] = [];
    while (ups.length < Math.min(nUp, pool.length - 1)) {
      const u = pool[Math.floor(rnd() * pool.length)];
      if (u !== name && !ups.includes(u)) ups.push(u);
    }
    const before = lines.length;
    group({ name, upstreams: ups, appPort: 8000 + Math.floor(rnd() * 1000), flawed: i % 10 === 0 || i === probe }, rnd, lines, i === probe ? marks : undefined);
    used.push(name);
    for (let k = before; k < lines.length; k++) bytes += lines[k].length + 1;
    if (opts.minBytes && bytes >= opts.minBytes) break;
  }
  lines.push('}');
  const text = `${lines.join('\n')}\n`;
  return { text, lines: lines.length, groups: used.length, services: used, marks: marks as Marks };
}
