import type { Runtime } from '../app/index.ts';
import { IpetError } from '../core/index.ts';
import { reindex } from '../memory/index.ts';
import type { Output } from './output.ts';

/** At most one progress line this often while re-embedding in the background. */
const PROGRESS_EVERY_MS = 10_000;

export interface EmbedderUpkeep {
  /**
   * Resolves once the embedder is settled (downloaded and switched to, or left as it was), before any
   * re-embedding: switching closes the models, so a language model download waits for this (`ipet up`).
   */
  settled: Promise<void>;
  /** Resolves when the work is done (or stopped); never rejects (failures are notes). */
  done: Promise<void>;
  /** Stops a download or re-embedding in progress (both resume at the next start) and waits for it. */
  stop(): Promise<void>;
}

/**
 * What `ipet up` and `ipet serve` do about the embedder once they listen, in the background:
 * 1. the automatic embedder (a local language model, no embedding model named) is downloaded on first use,
 *    with progress, and the models switch to it; a failed download leaves the lexical fallback, with a note;
 * 2. memories whose vectors come from another embedder than the one in use (or have none) are re-embedded
 *    with progress lines - the same work as `ipet reindex`, resumable. While the automatic embedder falls
 *    back to the lexical one, vectors of a real model are kept: the note names the command to run instead.
 */
export function startEmbedderUpkeep(
  rt: Runtime,
  out: Pick<Output, 'note'>,
  options: { now?: () => number } = {},
): EmbedderUpkeep {
  const now = options.now ?? Date.now;
  const stopped = new AbortController();
  const describe = (error: unknown) =>
    IpetError.is(error) ? error.toLine() : error instanceof Error ? error.message : String(error);

  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const work = (async () => {
    let state = rt.embedding;
    if (state?.automatic && state.status === 'not-downloaded' && rt.downloadEmbeddingModel) {
      out.note(`downloading the embedding model ${state.model ?? ''} in the background (first use only)...`);
      state = await rt.downloadEmbeddingModel({ signal: stopped.signal });
      if (stopped.signal.aborted) return;
      out.note(
        state.warning
          ? `${state.warning}. Set IPET_EMBED_MODEL_PATH to a .gguf embedding model or IPET_EMBED_BASE_URL and IPET_EMBED_MODEL for a server, then restart.`
          : `the embedding model is ready: memories are searched by meaning with ${rt.models.embedder.id}`,
      );
    } else if (state?.warning) {
      out.note(state.warning);
    }
    settle();
    const embedder = rt.models.embedder;
    const stale = await rt.store.memories.countNeedingEmbedding(embedder.id);
    if (stale === 0 || stopped.signal.aborted) return;
    if (state?.automatic && embedder.kind === 'lexical') {
      out.note(
        `${stale} memories have no vector of the embedder in use (${embedder.id}); they keep the ones they ` +
          'have until an embedding model works. To re-embed them with the lexical embedder anyway, run `ipet reindex`.',
      );
      return;
    }
    out.note(
      `${stale} memories have vectors of another embedding model (or none): re-embedding them with ` +
        `${embedder.id} in the background (the same as \`ipet reindex\`; it resumes after a restart)`,
    );
    let lastLine = now();
    const result = await reindex(
      { memories: rt.store.memories, embedder, logger: rt.logger },
      {
        abortSignal: stopped.signal,
        onProgress: (done, total) => {
          if (done < total && now() - lastLine < PROGRESS_EVERY_MS) return;
          lastLine = now();
          if (done < total) out.note(`re-embedding memories: ${done}/${total}`);
        },
      },
    );
    out.note(`re-embedded ${result.embedded} memories with ${result.model}`);
  })()
    .catch((error: unknown) => {
      if (stopped.signal.aborted) return;
      out.note(`could not re-embed the memories: ${describe(error)}. Run \`ipet reindex\` to try again.`);
    })
    .finally(settle);

  return {
    settled,
    done: work,
    async stop() {
      stopped.abort(new Error('ipet is shutting down'));
      await work;
    },
  };
}
