import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChatCompletions } from './chat-completions.ts';
import { handleControl } from './control.ts';
import { handleEmbeddings } from './embeddings.ts';
import { type Exchange, HttpError, SIMULATOR_HEADER, sendError } from './http-io.ts';
import { handleModels } from './models.ts';
import { createRequestScope, type RequestScope } from './request-scope.ts';
import type { SimContext } from './sim-context.ts';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function route(ex: Exchange, ctx: SimContext): Promise<void> | void {
  const method = ex.req.method ?? 'GET';
  const path = (ex.req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') || '/';
  if (path === '/v1/chat/completions' && method === 'POST') return handleChatCompletions(ex, ctx);
  if (path === '/v1/embeddings' && method === 'POST') return handleEmbeddings(ex, ctx);
  if (path === '/v1/models' && method === 'GET') return handleModels(ex, ctx);
  if (path.startsWith('/v1/models/') && method === 'GET') {
    return handleModels(ex, ctx, decodeURIComponent(path.slice('/v1/models/'.length)));
  }
  if (path === '/sim/stats' || path === '/sim/config' || path === '/sim/reset') {
    return handleControl(ex, ctx, path.slice('/sim/'.length) as 'stats' | 'config' | 'reset');
  }
  const known = ['/v1/chat/completions', '/v1/embeddings', '/v1/models'].includes(path);
  throw new HttpError(known ? 405 : 404, known ? `${method} not allowed on ${path}` : `no route for ${path}`);
}

/** Listens on `host:port` and serves the simulator's routes; `close` drops every open exchange at once. */
export function listen(ctx: SimContext, host: string, port: number): Promise<RunningServer> {
  const scopes = new Set<RequestScope>();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const scope = createRequestScope();
    scopes.add(scope);
    const ex: Exchange = { req, res, scope };
    res.on('close', () => {
      if (!res.writableFinished && !ex.faulted && !scope.closed) ctx.stats.count('clientAborts');
      scopes.delete(scope);
      scope.close();
    });
    res.setHeader(SIMULATOR_HEADER, '1');
    const fail = (error: unknown) => {
      if (error instanceof HttpError) {
        ctx.stats.count('badRequests');
        sendError(res, error.status, error.message, error.type);
      } else {
        sendError(
          res,
          500,
          `simulator bug: ${error instanceof Error ? error.message : String(error)}`,
          'server_error',
        );
      }
    };
    try {
      const pending = route(ex, ctx);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  const server: Server = createServer({ keepAliveTimeout: 5_000 }, onRequest);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const scope of scopes) scope.close();
            scopes.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
