// The finding reporters by `--output` name.
import type { ChalkInstance } from 'chalk';
import type { Level } from '../../diagnostics/catalog.js';
import type { FindingRecord } from '../record.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { logReport } from './log.js';
import { markdownReport } from './markdown.js';
import { sarifReport } from './sarif.js';
import { yamlReport } from './yaml.js';

/** What a report may say beyond the findings: the command, its threshold, the inputs. */
export interface ReportContext {
  chalk: ChalkInstance;
  /** `analyze` or `validate`. */
  command: string;
  failureThreshold: Level;
  /** Every input file in input order. */
  files: readonly string[];
  resources: number;
}

export type Reporter = (records: readonly FindingRecord[], ctx: ReportContext) => string;

export const REPORTERS = {
  log: (records, ctx) => logReport(records, ctx.chalk),
  json: (records) => jsonReport(records),
  yaml: (records) => yamlReport(records),
  sarif: (records) => sarifReport(records),
  github: (records) => githubReport(records),
  junit: (records, ctx) => junitReport(records, ctx),
  markdown: (records, ctx) => markdownReport(records, ctx),
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];
export const isReporterName = (s: string): s is ReporterName => Object.prototype.hasOwnProperty.call(REPORTERS, s);
