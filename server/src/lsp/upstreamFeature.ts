import type { Position, TextEdit } from 'vscode-languageserver/node';
import { computeUpstreamEdit, upstreamTarget } from '../core/features/actions/addUpstream';
import { appTaskFor, envEntryEdits, isValidEnvName } from '../core/features/actions/envEntry';
import { locate } from '../core/features/actions/locate';
import type { ServerContext } from './context';
import { guard } from './guard';

/**
 * Custom requests behind the client command `nomadConnect.addUpstream`: the upstream edit for a
 * chosen destination, then (optionally) an `env` entry in the app task that dials it.
 */
export const ADD_UPSTREAM_EDIT_REQUEST = 'nomadConnect/addUpstreamEdit';
export const ADD_ENV_EDIT_REQUEST = 'nomadConnect/addEnvEdit';

export interface AddUpstreamEditParams {
  uri: string;
  position: Position;
  destination: string;
}

/** The app task, named so that it is found again after the upstream edit moved lines. */
export interface AppTaskRef {
  job: string;
  group: string;
  task: string;
}

export type AddUpstreamEditResult =
  | { destination: string; port: number; style: 'native' | 'manual'; wiring: string; edits: TextEdit[]; app?: AppTaskRef }
  | { error: string };

export interface AddEnvEditParams {
  uri: string;
  app: AppTaskRef;
  name: string;
  value: string;
}

export type AddEnvEditResult = { edits: TextEdit[] } | { error: string };

export function registerUpstreams(ctx: ServerContext): void {
  ctx.connection.onRequest(
    ADD_UPSTREAM_EDIT_REQUEST,
    guard(ctx.connection, 'addUpstreamEdit', (p: AddUpstreamEditParams): AddUpstreamEditResult => {
      const doc = ctx.documents.get(p.uri);
      if (!doc) return { error: 'the document is not open' };
      const target = upstreamTarget(doc.model, p.position);
      if (!target) return { error: 'no Connect sidecar service or consul connect proxy task here' };
      const result = computeUpstreamEdit(doc, target, p.destination.trim());
      if ('error' in result) return result;
      const task = appTaskFor(target, locate(doc.model, p.position)?.task);
      const app = task ? { job: task.group.job.name, group: task.group.name, task: task.name } : undefined;
      return { ...result, app };
    }),
  );
  ctx.connection.onRequest(
    ADD_ENV_EDIT_REQUEST,
    guard(ctx.connection, 'addEnvEdit', (p: AddEnvEditParams): AddEnvEditResult => {
      const doc = ctx.documents.get(p.uri);
      if (!doc) return { error: 'the document is not open' };
      if (!isValidEnvName(p.name)) return { error: `"${p.name}" is not a valid environment variable name` };
      const task = doc.model.jobs
        .find((j) => j.name === p.app.job)
        ?.groups.find((g) => g.name === p.app.group)
        ?.tasks.find((t) => t.name === p.app.task);
      if (!task) return { error: `task "${p.app.task}" is no longer in the file` };
      return { edits: envEntryEdits(doc, task, p.name, p.value) };
    }),
  );
}
