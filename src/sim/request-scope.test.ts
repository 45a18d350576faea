import { describe, expect, it } from 'vitest';
import { createRequestScope } from './request-scope.ts';

describe('createRequestScope', () => {
  it('wakes sleepers with false and runs clean-ups once when closed', async () => {
    const scope = createRequestScope();
    let cleaned = 0;
    scope.onClose(() => cleaned++);
    const sleeping = scope.sleep(60_000);
    scope.close();
    scope.close();
    await expect(sleeping).resolves.toBe(false);
    expect(cleaned).toBe(1);
    await expect(scope.sleep(10)).resolves.toBe(false);
    scope.onClose(() => cleaned++);
    expect(cleaned).toBe(2);
  });

  it('resolves true after the delay while open', async () => {
    const scope = createRequestScope();
    await expect(scope.sleep(5)).resolves.toBe(true);
    await expect(scope.sleep(0)).resolves.toBe(true);
  });
});
