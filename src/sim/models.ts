import { type Exchange, FINGERPRINT, sendError, sendJson } from './http-io.ts';
import type { SimContext } from './sim-context.ts';

function modelList(ctx: SimContext) {
  const created = Math.floor(ctx.clock.epochNow() / 1000);
  const ids = [...new Set([...ctx.options.models, ctx.options.embeddingModel])];
  return ids.map((id) => ({ id, object: 'model', created, owned_by: FINGERPRINT }));
}

/** GET /v1/models and GET /v1/models/{id}. */
export function handleModels(ex: Exchange, ctx: SimContext, id?: string): void {
  ctx.stats.request('models');
  const models = modelList(ctx);
  if (id === undefined) {
    sendJson(ex.res, 200, { object: 'list', data: models });
    return;
  }
  const model = models.find((m) => m.id === id);
  if (model) sendJson(ex.res, 200, model);
  else sendError(ex.res, 404, `The model '${id}' does not exist`, 'not_found_error');
}
