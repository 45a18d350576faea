import { describe, expect, it } from 'vitest';
import { describeStoreConfig } from './describe-store-config.ts';

describe('describeStoreConfig', () => {
  it('shows the PGlite directory', () => {
    expect(describeStoreConfig({ kind: 'pglite', dataDir: '/home/a/.ipet/db' })).toBe('/home/a/.ipet/db');
    expect(describeStoreConfig({ kind: 'pglite', dataDir: 'memory://' })).toBe('memory://');
  });

  it('drops the password and query options of a PostgreSQL url', () => {
    const location = describeStoreConfig({
      kind: 'postgres',
      url: 'postgres://ipet:s3cr%40t@db.example:5433/ipet?sslpassword=hunter2&sslmode=require',
    });
    expect(location).toBe('postgres://ipet@db.example:5433/ipet');
    expect(location).not.toContain('s3cr');
    expect(location).not.toContain('hunter2');
  });

  it('does not echo an unparsable url', () => {
    expect(describeStoreConfig({ kind: 'postgres', url: 'postgres://u:pw@[bad' })).not.toContain('pw');
  });
});
