import type { Rng } from '../rng.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 15).toString(16);
  return out;
}

function date(rng: Rng): string {
  return `${rng.int(2024, 2026)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

function clock(rng: Rng): string {
  return `${pad(rng.int(7, 21))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`;
}

const NAMES = ['momo', 'river', 'sunny', 'pebble', 'maple', 'kiki', 'lumen'];

/** A value for a JSON Schema string `format`, or undefined for formats the simulator does not know. */
export function formatValue(format: string, rng: Rng): string | undefined {
  switch (format) {
    case 'date':
      return date(rng);
    case 'date-time':
      return `${date(rng)}T${clock(rng)}Z`;
    case 'time':
      return `${clock(rng)}Z`;
    case 'email':
      return `${rng.pick(NAMES)}.${rng.int(1, 99)}@example.com`;
    case 'uuid':
      return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${rng.pick(['8', '9', 'a', 'b'])}${hex(rng, 3)}-${hex(rng, 12)}`;
    case 'uri':
    case 'url':
      return `https://example.com/${rng.pick(NAMES)}`;
    case 'hostname':
      return `${rng.pick(NAMES)}.example.com`;
    case 'ipv4':
      return `192.0.2.${rng.int(1, 254)}`;
    case 'ipv6':
      return `2001:db8::${hex(rng, 4)}`;
    case 'duration':
      return `PT${rng.int(1, 59)}M`;
    default:
      return undefined;
  }
}
