import { readFileSync } from 'node:fs';
import type { JsonObject } from './card/types.ts';

const DIR = new URL('../../test/fixtures/cards/', import.meta.url);

/** Bytes of a file under test/fixtures/cards/. */
export function fixture(name: string): Uint8Array {
  return readFileSync(new URL(name, DIR));
}

export function fixtureJson(name: string): JsonObject {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as JsonObject;
}

export function fixturePath(name: string): string {
  return new URL(name, DIR).pathname;
}
