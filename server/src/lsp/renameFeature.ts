import { LSPErrorCodes, ResponseError, type WorkspaceEdit } from 'vscode-languageserver/node';
import { prepareRenameAt, renameAt } from '../core/features/rename';
import type { ServerContext } from './context';
import { guard } from './guard';
import { targetVersion } from './settings';

/** Rename a port label with every reference to it (prepareRename tells the editor what is renamable). */
export function registerRename(ctx: ServerContext): void {
  const version = () => targetVersion(ctx.settings());
  ctx.connection.onPrepareRename(
    guard(ctx.connection, 'prepareRename', (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      return (doc && prepareRenameAt(doc, params.position, version())) ?? null;
    }),
  );
  ctx.connection.onRenameRequest(
    guard(ctx.connection, 'rename', (params): WorkspaceEdit | ResponseError<void> | null => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return null;
      const result = renameAt(doc, params.position, params.newName, version());
      if ('error' in result) return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return { changes: { [doc.uri]: result.edits } };
    }),
  );
}
