import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.ts';
import { loadNodeLlamaCpp } from './node-llama-cpp.ts';

describe('loadNodeLlamaCpp', () => {
  it('says how to install the optional package when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'node-llama-cpp'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadNodeLlamaCpp(async () => {
      throw missing;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toContain('npm install node-llama-cpp');
    expect((error as ConfigError).cause).toBe(missing);
  });
});
