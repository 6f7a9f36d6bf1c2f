// Colour only on a terminal. NO_COLOR set to a non-empty value (no-color.org: an empty one does not
// count) and TERM=dumb turn it off; FORCE_COLOR set to a non-empty value other than 0/false turns it
// on, on a terminal or not (force-color.org; chalk's 0/false off switch kept).
import { Chalk, type ChalkInstance } from 'chalk';
import type { CliIo } from './io.js';

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

export function colorOn(io: Pick<CliIo, 'env' | 'isTTY'>): boolean {
  const env = io.env;
  const force = env['FORCE_COLOR'];
  if (set(force)) return force !== '0' && force.toLowerCase() !== 'false';
  return io.isTTY && !set(env['NO_COLOR']) && env['TERM'] !== 'dumb';
}

export function chalkFor(io: CliIo): ChalkInstance {
  return new Chalk({ level: colorOn(io) ? 1 : 0 });
}
