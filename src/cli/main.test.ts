import { afterEach, describe, expect, it, vi } from 'vitest';

// The CLI runs only from bin/ipet.js: importing its module must neither read the command line nor print.
describe('cli/main', () => {
  const argv = process.argv;

  afterEach(() => {
    process.argv = argv;
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  function captureOutput() {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    return written;
  }

  it('does nothing on import, even with a command line that would print and fail', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    process.argv = ['node', 'ipet', 'no-such-command'];
    const written = captureOutput();
    vi.resetModules();
    const cli = await import('./main.ts');
    // Let anything the import started settle before looking.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written).toEqual([]);
    expect(process.exitCode).toBeUndefined();
    expect(exit).not.toHaveBeenCalled();
    expect(typeof cli.main).toBe('function');
  }, 60_000);

  it('main(argv) parses the given arguments, not process.argv, and returns the exit code', async () => {
    process.argv = ['node', 'ipet', '--help'];
    const written = captureOutput();
    const { main } = await import('./main.ts');
    expect(await main(['node', 'ipet', 'no-such-command'], {})).toBe(2);
    expect(written.join('')).toMatch(/unknown command 'no-such-command'/);
    expect(process.exitCode).toBeUndefined();
  }, 60_000);
});
