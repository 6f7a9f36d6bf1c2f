// The finding reporters by `--output` name.
import type { ChalkInstance } from 'chalk';
import type { FindingRecord } from '../record.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { logReport } from './log.js';
import { sarifReport } from './sarif.js';
import { yamlReport } from './yaml.js';

export type Reporter = (records: readonly FindingRecord[], opts: { chalk: ChalkInstance }) => string;

export const REPORTERS = {
  log: (records, opts) => logReport(records, opts.chalk),
  json: (records) => jsonReport(records),
  yaml: (records) => yamlReport(records),
  sarif: (records) => sarifReport(records),
  github: (records) => githubReport(records),
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];
export const isReporterName = (s: string): s is ReporterName => Object.prototype.hasOwnProperty.call(REPORTERS, s);
