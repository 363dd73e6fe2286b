import { type CancellationToken, ErrorCodes, type Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { isParserCrash } from '../core/parse';

const logged = new Set<string>();

/**
 * Logs an error once per label and message: a broken feature must not flood the log. A crashed
 * parser cannot be revived in this process, so the server exits and the client restarts it.
 */
export function logOnce(connection: Connection, label: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (isParserCrash(err)) {
    connection.console.error(`${label}: the HCL parser crashed (${message}); exiting so that the editor restarts the server`);
    setTimeout(() => process.exit(70), 100);
    return message;
  }
  const key = `${label}:${message}`;
  if (!logged.has(key)) {
    logged.add(key);
    connection.console.error(`${label}: ${err instanceof Error && err.stack ? err.stack : message}`);
  }
  return message;
}

/**
 * Wraps a request handler so that an exception in one feature answers that request with an
 * error (logged once per feature and message) instead of taking the server down, and so that
 * a cancelled request stops before doing its work (a `$/cancelRequest` that arrives while the
 * request still waits in the queue marks its token before the handler runs).
 */
export function guard<P, R>(
  connection: Connection,
  feature: string,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return cancelled();
    try {
      const result = await handler(params, token);
      // Work that awaited may have been cancelled meanwhile; its result is stale.
      return token?.isCancellationRequested ? cancelled() : result;
    } catch (err) {
      const message = logOnce(connection, `${feature} failed`, err);
      return new ResponseError(ErrorCodes.InternalError, `${feature} failed: ${message}`);
    }
  };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/**
 * Wraps a notification handler (didOpen, didChange…): an exception is logged once and
 * swallowed, so one bad update never takes the server down.
 */
export function guardNotification<P>(connection: Connection, feature: string, handler: (params: P) => void | Promise<void>): (params: P) => Promise<void> {
  return async (params) => {
    try {
      await handler(params);
    } catch (err) {
      logOnce(connection, `${feature} failed`, err);
    }
  };
}
