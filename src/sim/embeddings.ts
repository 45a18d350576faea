import { admit } from './admission.ts';
import { embedText } from './embedding.ts';
import { type Exchange, HttpError, readJsonBody, sendJson } from './http-io.ts';
import { answerFault } from './injected-fault.ts';
import { isSchemaObject } from './json-schema/schema-types.ts';
import type { SimContext } from './sim-context.ts';
import { estimateTokens } from './tokens.ts';

interface EmbeddingRequest {
  model: string;
  inputs: string[];
  dimensions: number | undefined;
  base64: boolean;
}

function parseEmbeddingRequest(body: unknown, defaultModel: string): EmbeddingRequest {
  if (!isSchemaObject(body)) throw new HttpError(400, 'request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const input = b['input'];
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((x) => typeof x === 'string')) {
    throw new HttpError(400, 'input must be a string or a non-empty array of strings');
  }
  const dimensions = b['dimensions'];
  if (
    dimensions !== undefined &&
    dimensions !== null &&
    !(
      typeof dimensions === 'number' &&
      Number.isInteger(dimensions) &&
      dimensions >= 1 &&
      dimensions <= 65536
    )
  ) {
    throw new HttpError(400, 'dimensions must be an integer in 1..65536');
  }
  const format = b['encoding_format'];
  if (format !== undefined && format !== null && format !== 'float' && format !== 'base64') {
    throw new HttpError(400, "encoding_format must be 'float' or 'base64'");
  }
  return {
    model: typeof b['model'] === 'string' && b['model'] !== '' ? b['model'] : defaultModel,
    inputs: inputs as string[],
    dimensions: typeof dimensions === 'number' ? dimensions : undefined,
    base64: format === 'base64',
  };
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** POST /v1/embeddings: feature-hashed vectors (see embedding.ts), with the same faults and admission. */
export async function handleEmbeddings(ex: Exchange, ctx: SimContext): Promise<void> {
  ctx.stats.request('embeddings');
  const request = parseEmbeddingRequest(await readJsonBody(ex.req), ctx.options.embeddingModel);
  const fault = ctx.drawFault();
  ex.faulted = fault !== undefined;
  if (fault && answerFault(fault, ex, ctx, false)) return;
  const lease = await admit(ex, ctx);
  if (!lease) return;
  if (!(await ex.scope.sleep(ctx.options.latencyMs))) return;

  const dimensions = request.dimensions ?? ctx.options.embeddingDimensions;
  const tokens = request.inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
  ctx.stats.tokens({ embedding: tokens });
  if (fault === 'malformedJson') {
    ex.res.writeHead(200, { 'content-type': 'application/json' });
    ex.res.end('{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0');
  } else {
    sendJson(ex.res, 200, {
      object: 'list',
      data: request.inputs.map((text, index) => {
        const vector = embedText(text, dimensions);
        return { object: 'embedding', index, embedding: request.base64 ? toBase64(vector) : vector };
      }),
      model: request.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
    ctx.stats.count('completed');
  }
  lease.release();
}
