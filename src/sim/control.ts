import { type Exchange, HttpError, readJsonBody, sendJson } from './http-io.ts';
import { isSchemaObject } from './json-schema/schema-types.ts';
import { type SimOptions, SimOptionsError } from './options.ts';
import type { SimContext } from './sim-context.ts';

/** GET /sim/stats, GET|POST /sim/config (JSON patch of the options), POST /sim/reset. */
export async function handleControl(ex: Exchange, ctx: SimContext, action: 'stats' | 'config' | 'reset') {
  const method = ex.req.method ?? 'GET';
  if (action === 'stats' && method === 'GET') return sendJson(ex.res, 200, ctx.stats.snapshot());
  if (action === 'reset' && method === 'POST') {
    ctx.reset();
    return sendJson(ex.res, 200, { ok: true });
  }
  if (action === 'config' && method === 'GET') return sendJson(ex.res, 200, ctx.options);
  if (action === 'config' && method === 'POST') {
    const patch = await readJsonBody(ex.req);
    if (!isSchemaObject(patch)) throw new HttpError(400, 'config patch must be a JSON object');
    try {
      ctx.configure(patch as Partial<SimOptions>);
    } catch (error) {
      if (error instanceof SimOptionsError) throw new HttpError(400, error.message);
      throw error;
    }
    return sendJson(ex.res, 200, ctx.options);
  }
  throw new HttpError(405, `${method} not allowed on /sim/${action}`);
}
