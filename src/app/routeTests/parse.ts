// Test files -> test cases, pure: each YAML document read as gwctl reads manifests (src/load: the
// same limits on size, aliases and depth), checked by the schemas of src/schema/routeTests.ts, and
// expanded into one case per request (urls x methods; istio-config-validator's uri x authority x
// method). Every problem carries file:line:column; a file with problems runs no case.
import type { Path } from '../../diagnostics/path.js';
import { chunkPosition } from '../../load/chunkPositions.js';
import { parseFile, type SourceFile } from '../../load/parseDocuments.js';
import { parseRequest, RequestError } from '../../explain/request.js';
import type { ExplainRequest } from '../../explain/types.js';
import { ICV_EXPECTATIONS, readRouteTestDocument, type ExpectField, type ExpectSpec, type IcvCase, type IcvField, type ProxySpec, type RequestSpec } from '../../schema/routeTests.js';
import { createLocator } from '../../load/locate.js';
import { messageOf, renderer } from '../../report/render.js';
import type { TestFileProblem, TestFormat, TestSite } from '../../report/views/routeTestRecord.js';
import type { NamedProxy } from '../proxy.js';

/** What a case checks: a native `expect`, or an istio-config-validator test case's expectations. */
export type CaseCheck =
  | { format: 'RouteTests'; expect: ExpectSpec; sites: Partial<Record<ExpectField, TestSite>> }
  | { format: 'istio-config-validator'; expect: IcvCase; wantMatch: boolean; sites: Partial<Record<IcvField, TestSite>> };

export interface RouteTestCase extends TestSite {
  name: string;
  test: string;
  suite: string | null;
  /** The proxy the test names; undefined: the run's default (`--gateway`/`--from`, else the ingress gateway). */
  proxy: NamedProxy | undefined;
  /** Where the proxy is named, for problems with it. */
  proxySite: TestSite | undefined;
  request: ExplainRequest;
  check: CaseCheck;
}

export interface RouteTestFile {
  file: string;
  format: TestFormat;
  cases: RouteTestCase[];
}

export interface RouteTests {
  files: RouteTestFile[];
  problems: TestFileProblem[];
}

/**
 * A test's lists multiply (urls x methods; uri x authority x method): 300 URIs, 300 authorities and
 * 10 methods are 7 KB of YAML and 900,000 requests. One test expands to at most this many requests...
 */
export const MAX_REQUESTS_PER_TEST = 1_000;
/** ...and a run checks at most this many (each is one explain: about a millisecond and its record). */
export const MAX_REQUESTS_PER_RUN = 20_000;

const plural = (n: number, w: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? w : `${w}s`}`;

/** Test files already read (`{name, bytes}`), in order: their cases, or what is wrong with them. */
export function parseRouteTests(sources: readonly SourceFile[]): RouteTests {
  const out: RouteTests = { files: [], problems: [] };
  let total = 0;
  let overRun = false;
  /** Whether `n` more requests fit in the run; the first test past the cap is a problem at its place. */
  const fits = (n: number, report: Report): boolean => {
    total += n;
    if (total <= MAX_REQUESTS_PER_RUN) return true;
    if (!overRun) report([], `the tests expand to more than ${plural(MAX_REQUESTS_PER_RUN, 'request')} from here on (the limit of one run): split them over runs`);
    overRun = true;
    return false;
  };
  for (const source of sources) {
    const parsed = parseFile(source);
    const site = (doc: number, path: Path): TestSite => {
      const p = chunkPosition(parsed.chunks, doc, path);
      return { file: source.name, line: p?.line ?? 1, column: p?.column ?? 1 };
    };
    const problems: TestFileProblem[] = [];
    // Reading problems (YAML syntax, not UTF-8, alias bombs...) are the loader's findings: rendered once here.
    const locate = createLocator(new Map([[source.name, parsed]]));
    const render = renderer(locate);
    for (const f of parsed.findings) {
      if (f.level !== 'error') continue;
      const at = f.at ? locate(f.at) : { file: source.name, line: 1, column: 1 };
      problems.push({ ...at, message: `${f.code} ${messageOf(f, render)}` });
    }
    const cases: RouteTestCase[] = [];
    const formats = new Set<TestFormat>();
    for (const raw of parsed.documents) {
      const at = (path: Path): TestSite => site(raw.doc, [...raw.base, ...path]);
      const read = readRouteTestDocument(raw.value);
      if (!read.ok) {
        for (const p of read.problems) problems.push({ ...at(p.path), message: p.message });
        continue;
      }
      const d = read.document;
      if (d.format === 'native') {
        formats.add('RouteTests');
        const suite = d.doc.metadata?.name ?? null;
        d.doc.spec.tests.forEach((t, i) => {
          const base: Path = ['spec', 'tests', i];
          const proxySpec = t.proxy ?? d.doc.spec.proxy;
          const proxySite = t.proxy ? at([...base, 'proxy']) : d.doc.spec.proxy ? at(['spec', 'proxy']) : undefined;
          const sites: Partial<Record<ExpectField, TestSite>> = {};
          for (const k of Object.keys(t.expect) as ExpectField[]) sites[k] = at([...base, 'expect', k]);
          const report: Report = (path, message) => problems.push({ ...at([...base, 'request', ...path]), message });
          const requests = expandNative(t.request, report, (n) => fits(n, report));
          for (const r of requests) {
            cases.push({
              ...at(base),
              name: requests.length > 1 ? `${t.name} [${r.method} ${r.url}]` : t.name,
              test: t.name,
              suite,
              proxy: proxySpec ? proxyChoice(proxySpec) : undefined,
              proxySite,
              request: r,
              check: { format: 'RouteTests', expect: t.expect, sites },
            });
          }
        });
      } else {
        formats.add('istio-config-validator');
        d.doc.testCases.forEach((c, i) => {
          const base: Path = ['testCases', i];
          const sites: Partial<Record<IcvField, TestSite>> = {};
          for (const k of ICV_EXPECTATIONS) if (c[k] !== undefined) sites[k] = at([...base, k]);
          const report: Report = (path, message) => problems.push({ ...at([...base, 'request', ...path]), message });
          const requests = expandIcv(c, report, (n) => fits(n, report));
          const test = c.description ?? `testCases[${i}]`;
          for (const r of requests) {
            cases.push({
              ...at(base),
              name: requests.length > 1 ? `${test} [${r.method} ${r.url}]` : test,
              test,
              suite: null,
              proxy: undefined,
              proxySite: undefined,
              request: r,
              // Go's zero value: a test case without wantMatch asserts that nothing matches.
              check: { format: 'istio-config-validator', expect: c, wantMatch: c.wantMatch ?? false, sites },
            });
          }
        });
      }
    }
    if (problems.length === 0 && cases.length === 0) problems.push({ file: source.name, line: 1, column: 1, message: 'no tests in this file (expected kind: RouteTests documents or testCases:)' });
    out.problems.push(...problems);
    if (problems.length > 0) continue;
    const format: TestFormat = formats.has('RouteTests') ? 'RouteTests' : 'istio-config-validator';
    out.files.push({ file: source.name, format, cases });
  }
  return out;
}

function proxyChoice(p: ProxySpec): NamedProxy {
  return p.from !== undefined ? { target: p.from, as: 'sidecar' } : { target: p.gateway ?? '', as: 'gateway' };
}

type Report = (path: Path, message: string) => void;

function request(input: { url: string; method: string; headers: Readonly<Record<string, string>>; sni?: string }, path: Path, report: Report): ExplainRequest | undefined {
  try {
    return parseRequest({ url: input.url, method: input.method, headers: Object.entries(input.headers).map(([k, v]) => `${k}: ${v}`), ...(input.sni !== undefined ? { sni: input.sni } : {}) });
  } catch (e) {
    if (e instanceof RequestError) {
      report(path, e.message);
      return undefined;
    }
    throw e;
  }
}

/** Methods curl would send (parseRequest's rule), each bad one reported at its place. */
function goodMethods(methods: readonly string[], pathOf: (i: number) => Path, report: Report): string[] {
  return methods.filter((m, i) => {
    const ok = /^[A-Za-z]+$/.test(m.trim());
    if (!ok) report(pathOf(i), `method ${JSON.stringify(m)} is not an HTTP method`);
    return ok;
  });
}

/** Whether a test expanding to `n` requests is within the caps (reported at the test's request when not). */
type Fits = (n: number) => boolean;

function withinTest(n: number, lists: string, report: Report): boolean {
  if (n <= MAX_REQUESTS_PER_TEST) return true;
  report([], `expands to ${plural(n, 'request')} (${lists}), more than the ${plural(MAX_REQUESTS_PER_TEST, 'request')} one test may check: split it`);
  return false;
}

/** urls x methods, in the order written. */
function expandNative(r: RequestSpec, report: Report, fits: Fits): ExplainRequest[] {
  const urls = r.urls ?? (r.url !== undefined ? [r.url] : []);
  const methods = goodMethods(r.methods ?? [r.method ?? 'GET'], (i) => (r.methods ? ['methods', i] : ['method']), report);
  const headers = r.headers ?? {};
  for (const name of Object.keys(headers)) if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) report(['headers', name], `header name ${JSON.stringify(name)} is not a valid HTTP header name`);
  const n = urls.length * methods.length;
  if (!withinTest(n, `${plural(urls.length, 'URL')} x ${plural(methods.length, 'method')}`, report) || !fits(n)) return [];
  const out: ExplainRequest[] = [];
  urls.forEach((url, i) => {
    let reported = false;
    for (const method of methods) {
      const req = request({ url, method, headers, ...(r.sni !== undefined ? { sni: r.sni } : {}) }, r.urls ? ['urls', i] : ['url'], reported ? () => {} : report);
      if (req) out.push(req);
      else reported = true;
    }
  });
  return out;
}

/** istio-config-validator's Unfold: for each uri, for each authority, for each method. */
function expandIcv(c: IcvCase, report: Report, fits: Fits): ExplainRequest[] {
  const headers = c.request.headers ?? {};
  const out: ExplainRequest[] = [];
  const methods = goodMethods(c.request.method, (i) => ['method', i], report);
  const authorities = c.request.authority.filter((authority, j) => {
    const ok = authority !== '' && !/[\s/?#@]/.test(authority);
    if (!ok) report(['authority', j], `authority ${JSON.stringify(authority)} is not a host[:port]`);
    return ok;
  });
  const n = c.request.uri.length * authorities.length * methods.length;
  if (!withinTest(n, `${plural(c.request.uri.length, 'URI')} x ${authorities.length.toLocaleString('en-US')} ${authorities.length === 1 ? 'authority' : 'authorities'} x ${plural(methods.length, 'method')}`, report) || !fits(n)) return [];
  c.request.uri.forEach((uri, i) => {
    // ICV sends the URI's path only; gwctl keeps the query (explain matches queryParams).
    const path = uri.startsWith('/') ? uri : `/${uri}`;
    authorities.forEach((authority) => {
      for (const method of methods) {
        const req = request({ url: `http://${authority}${path}`, method, headers }, ['uri', i], report);
        if (!req) return;
        out.push(req);
      }
    });
  });
  return out;
}
