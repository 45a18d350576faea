import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { SimHandle } from './index.ts';

/** The real AI SDK provider pointed at a running simulator (as the app's HTTP provider path uses it). */
export function simProvider(sim: SimHandle) {
  return createOpenAICompatible({
    name: 'sim',
    baseURL: sim.url,
    supportsStructuredOutputs: true,
    includeUsage: true,
  });
}

/** POST JSON with plain fetch, for status and header checks below the SDK. */
export function post(sim: SimHandle, path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

export const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'ipet-sim',
  messages: [{ role: 'user', content }],
  ...extra,
});

/** Polls `check` until it holds (or fails after `ms`). */
export async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
