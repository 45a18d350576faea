import type {
  EmbeddingModelV3Middleware,
  LanguageModelV3Middleware,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { ModelCallError } from '../../core/index.ts';
import type { CircuitBreaker, CircuitTicket } from '../policy/circuit-breaker.ts';
import { toModelCallError } from '../policy/classify-error.ts';
import { isContentPart, tapStream } from '../policy/streams.ts';

/**
 * What an attempt's error says about the server: unreachable, too slow or failing (network, timeout, 5xx,
 * 408) counts against it; any other answer shows it is up; aborts and unclassified failures say nothing.
 */
export function settleWithError(ticket: CircuitTicket, error: unknown): void {
  const mapped = toModelCallError(error);
  if (!(mapped instanceof ModelCallError)) ticket.release();
  else if (mapped.kind === 'network' || mapped.kind === 'timeout') ticket.failure();
  else if (mapped.status === undefined) ticket.release();
  else if (mapped.status >= 500 || mapped.status === 408) ticket.failure();
  else ticket.success();
}

/**
 * Fails fast while the provider's circuit is open. A stream settles its ticket at its first content part
 * (the server is answering), so a half-open probe does not hold the circuit for a whole answer.
 */
export function circuitBreakerMiddleware(breaker: CircuitBreaker): LanguageModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate }) {
      const ticket = breaker.enter();
      try {
        const result = await doGenerate();
        ticket.success();
        return result;
      } catch (error) {
        settleWithError(ticket, error);
        throw error;
      }
    },
    async wrapStream({ doStream }) {
      const ticket = breaker.enter();
      try {
        const result = await doStream();
        const stream = tapStream<LanguageModelV3StreamPart>(result.stream, {
          onPart: (part) => {
            if (part.type === 'error') settleWithError(ticket, part.error);
            else if (isContentPart(part) || part.type === 'finish') ticket.success();
            return part;
          },
          onError: (error) => {
            settleWithError(ticket, error);
            return error;
          },
          onDone: () => ticket.success(),
          onCancel: () => ticket.release(),
        });
        return { ...result, stream };
      } catch (error) {
        settleWithError(ticket, error);
        throw error;
      }
    },
  };
}

export function circuitBreakerEmbeddingMiddleware(breaker: CircuitBreaker): EmbeddingModelV3Middleware {
  return {
    specificationVersion: 'v3',
    async wrapEmbed({ doEmbed }) {
      const ticket = breaker.enter();
      try {
        const result = await doEmbed();
        ticket.success();
        return result;
      } catch (error) {
        settleWithError(ticket, error);
        throw error;
      }
    },
  };
}
