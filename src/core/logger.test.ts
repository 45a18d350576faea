import { describe, expect, it } from 'vitest';
import { ModelOutputError, NotFoundError, ValidationError } from './errors/index.ts';
import { createJsonLogger, redact } from './logger.ts';

describe('redact', () => {
  const secret = 'my sister Mia';

  it('keeps content fields as their length only', () => {
    expect(redact({ text: secret, petId: 'pet_1' })).toEqual({ text: '[redacted 13 chars]', petId: 'pet_1' });
  });

  it('keeps an error as name, code, reason and a message that quotes nothing', () => {
    const output = new ModelOutputError('memory', 2, [`title "${secret}" is too short`]);
    expect(redact({ error: output }).error).toEqual({
      name: 'ModelOutputError',
      code: 'model_output_invalid',
      reason: 'model_output_invalid:memory',
      message: "the model's memory output was invalid after 2 attempt(s) (1 problem(s))",
    });
    const input = new ValidationError(`invalid world date "${secret}"`, [{ path: 'date', message: 'bad' }]);
    expect(redact({ error: input }).error).toMatchObject({ message: 'invalid input at date' });
    expect(redact({ error: new NotFoundError('pet', 'pet_1') }).error).toMatchObject({
      message: 'pet pet_1 not found',
    });
    const parse = (() => {
      try {
        JSON.parse(`${secret} {`);
      } catch (error) {
        return error;
      }
    })();
    expect(JSON.stringify(redact({ error: parse }))).not.toContain('sister');
  });

  it('writes none of it at any level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l), level: 'debug' });
    const error = new ModelOutputError('world', 3, [`time "${secret}" is not HH:MM`]);
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level]('failed', { error });
    expect(lines).toHaveLength(4);
    expect(lines.join('')).not.toContain(secret);
  });
});
