import { ConfigError } from '../../core/index.ts';

/** The node-llama-cpp module (types only here: the package is optional and loaded on demand). */
export type NodeLlamaCpp = typeof import('node-llama-cpp');
export type ImportNodeLlamaCpp = () => Promise<NodeLlamaCpp>;

export const importNodeLlamaCpp: ImportNodeLlamaCpp = () => import('node-llama-cpp');

/**
 * Loads node-llama-cpp lazily, so nothing pays for it unless a local model is configured. A missing
 * package (it is an optional dependency) is a ConfigError that says how to install it.
 */
export async function loadNodeLlamaCpp(
  importer: ImportNodeLlamaCpp = importNodeLlamaCpp,
): Promise<NodeLlamaCpp> {
  try {
    return await importer();
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new ConfigError('local models need the optional package node-llama-cpp, which is not installed', {
        cause: error,
        hint: 'run `npm install node-llama-cpp`, or set IPET_LLM_BASE_URL to use a model server instead',
      });
    }
    throw new ConfigError(
      `node-llama-cpp could not be loaded: ${(error as Error)?.message ?? String(error)}`,
      {
        cause: error,
        hint: 'reinstall it with `npm install node-llama-cpp`, or set IPET_LLM_BASE_URL to use a model server',
      },
    );
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
