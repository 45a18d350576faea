import pg from 'pg';
import type { Store } from '../core/index.ts';
import { internalsOf } from './internals.ts';

/** What `countRoundTrips` saw: one entry per statement sent to the database, in order. */
export interface RoundTripCounter {
  /** Statements sent since the counter started (or was last reset). */
  readonly count: number;
  /** Their SQL, for a failing assertion to show (transaction control statements included). */
  readonly statements: readonly string[];
  reset(): void;
  /** Puts the drivers' functions back. */
  restore(): void;
}

type QueryFn = (this: unknown, ...args: unknown[]) => Promise<unknown>;

function sqlOf(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  const text = (arg as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(arg);
}

/**
 * Counts the real round trips a store makes: every statement the driver sends (PGlite's `query`/`exec`,
 * node-postgres' `Client#query`), a transaction counting its BEGIN and COMMIT too. For tests and benchmarks
 * only: on PostgreSQL it wraps the driver's prototype, so it counts every client of the process.
 */
export function countRoundTrips(store: Store): RoundTripCounter {
  const statements: string[] = [];
  const undo: Array<() => void> = [];
  const wrap = (target: Record<string, unknown>, name: string, count: (args: unknown[]) => void) => {
    const original = target[name] as QueryFn;
    target[name] = function (this: unknown, ...args: unknown[]) {
      count(args);
      return original.apply(this, args);
    };
    undo.push(() => {
      target[name] = original;
    });
  };
  const pglite = internalsOf(store).engine.pglite as unknown as Record<string, unknown> | undefined;
  if (pglite && internalsOf(store).engine.shareUrl === undefined) {
    const statement = (args: unknown[]) => statements.push(sqlOf(args[0]));
    wrap(pglite, 'query', statement);
    wrap(pglite, 'exec', statement);
    const transaction = pglite.transaction as QueryFn;
    pglite.transaction = function (this: unknown, ...args: unknown[]) {
      const [callback] = args as [(tx: Record<string, unknown>) => Promise<unknown>];
      statements.push('BEGIN');
      return transaction
        .call(this, (tx: Record<string, unknown>) => {
          for (const name of ['query', 'exec']) {
            const original = tx[name] as QueryFn;
            tx[name] = (...inner: unknown[]) => {
              statements.push(sqlOf(inner[0]));
              return original.apply(tx, inner);
            };
          }
          return callback(tx);
        })
        .finally(() => statements.push('COMMIT'));
    };
    undo.push(() => {
      pglite.transaction = transaction;
    });
  } else {
    wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query', (args) =>
      statements.push(sqlOf(args[0])),
    );
  }
  return {
    get count() {
      return statements.length;
    },
    statements,
    reset() {
      statements.length = 0;
    },
    restore() {
      for (const fn of undo.reverse()) fn();
    },
  };
}
