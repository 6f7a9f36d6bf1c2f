// A child process that does one thing and reports its peak RSS: peak RSS only ever grows within a
// process, so each measurement gets a fresh one. Usage:
//   node dist/bench/probe.js baseline <dir>      js-yaml loadAll of every manifest, documents kept
//   node dist/bench/probe.js cli <argv...>        one gwctl command, output discarded
import yaml from 'js-yaml';
import { readInputs } from '../src/load/readInputs.js';
import { loadMain, sinkIo } from './harness.js';

async function probe(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  let code = 0;
  if (mode === 'baseline') {
    const read = await readInputs(rest, async () => new Uint8Array());
    const decoder = new TextDecoder();
    const kept: unknown[][] = [];
    for (const f of read.files) kept.push(yaml.loadAll(decoder.decode(f.bytes)));
    code = kept.length > 0 ? 0 : 1;
  } else if (mode === 'cli') {
    const main = await loadMain();
    code = await main(rest, sinkIo().io);
  } else {
    throw new Error(`unknown probe mode ${String(mode)}`);
  }
  process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, code })}\n`);
}

await probe();
