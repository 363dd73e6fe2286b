import { type CancellationToken, ErrorCodes, type Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

const logged = new Set<string>();

/**
 * Wraps a request handler so that an exception in one feature answers that request with an
 * error (logged once per feature and message) instead of taking the server down, and so that
 * a cancelled request stops before doing its work.
 */
export function guard<P, R>(
  connection: Connection,
  feature: string,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    try {
      return await handler(params, token);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const key = `${feature}:${message}`;
      if (!logged.has(key)) {
        logged.add(key);
        connection.console.error(`${feature} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
      }
      return new ResponseError(ErrorCodes.InternalError, `${feature} failed: ${message}`);
    }
  };
}
