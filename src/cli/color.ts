// Colour only on a terminal; NO_COLOR and TERM=dumb turn it off, FORCE_COLOR turns it on.
import { Chalk, type ChalkInstance } from 'chalk';
import type { CliIo } from './io.js';

export function chalkFor(io: CliIo): ChalkInstance {
  const env = io.env;
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  const on = forced || (io.isTTY && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb');
  return new Chalk({ level: on ? 1 : 0 });
}
