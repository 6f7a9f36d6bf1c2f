// `gwctl explain` for people: the verdict first, then one line per stage (✓/✗), then the causes with
// their fixes. Colour only through the chalk instance the command passes (off when not a TTY).
import type { ChalkInstance } from 'chalk';
import type { HeaderChanges, StageName, UpstreamTlsSummary } from '../../explain/types.js';
import { fullName } from '../../diagnostics/ref.js';
import { escapeText as e } from '../escape.js';
import type { ExplainRecord } from './explainRecord.js';

/** How each stage of the walk is named on screen (explain's trace and gwctl test's failures). */
export const STAGE_LABEL: Record<StageName, string> = {
  port: 'port',
  listener: 'listener',
  filterChain: 'filter chain',
  routeConfig: 'route config',
  virtualHost: 'virtual host',
  route: 'route',
  action: 'action',
  cluster: 'cluster',
};

const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

function verdict(r: ExplainRecord, c: ChalkInstance): string {
  switch (r.outcome) {
    case 'forwarded': {
      if (r.failing.length > 0) return partlyForwarded(r, c);
      return c.green(`✓ forwarded to ${e(r.clusters.map((x) => (r.clusters.length > 1 ? `${x.name} (${x.weight}%)` : x.name)).join(', '))}`);
    }
    case 'connection-refused':
      return c.red(`✗ connection refused: nothing accepts port ${r.request.port}${r.port && r.port.listenerPort !== r.request.port ? ` (-> ${r.port.listenerPort})` : ''}`);
    case 'tls-failure':
      return c.red(`✗ TLS handshake fails on port ${r.request.port}`);
    case 'connection-closed':
      return c.red(`✗ connection closed by the proxy: ${e(r.routeClusters.map((x) => x.name).join(', '))} does not exist (TCP proxy, no HTTP exchange)`);
    case 'local-reply': {
      const status = r.status ?? 0;
      const text = `${status} ${REASONS[status] ?? ''}`.trim();
      if (status >= 300 && status < 400) return c.yellow(`↪ ${text} from the proxy${r.location ? `, Location: ${e(r.location)}` : ''}`);
      if (r.grpcStatus !== null) return c.red(`✗ gRPC status ${r.grpcStatus} from the proxy itself (HTTP 200 with grpc-status, fault injection, flag FI)`);
      if (r.action?.type === 'cors-preflight') return c.green(`✓ ${text}: the proxy answers the CORS preflight itself`);
      const flag = r.stop === 'cluster-missing' ? ', flag NC' : r.stop === 'no-route' || r.stop === 'no-virtual-host' || r.stop === 'no-route-config' ? ', flag NR' : r.action?.type === 'fault-abort' ? ', flag FI' : '';
      return c.red(`✗ ${text} from the proxy itself (Envoy local reply${flag})`);
    }
  }
}

/** A weighted split where some destinations fail: what share fails and how, then where the rest goes. */
function partlyForwarded(r: ExplainRecord, c: ChalkInstance): string {
  const tcp = r.failing.every((f) => f.status === null);
  const unit = tcp ? 'connections' : 'requests';
  const fate = (f: ExplainRecord['failing'][number]): string => (f.status === null ? 'are closed' : `get ${f.status} ${f.flag}`);
  const why = (f: ExplainRecord['failing'][number]): string => `${f.cluster} ${f.reason === 'no-endpoints' ? 'has no endpoint' : 'does not exist'}`;
  const failed = Math.round(r.failing.reduce((a, f) => a + f.percent, 0) * 100) / 100;
  const first = r.failing[0];
  const head =
    r.failing.length === 1 && first
      ? `${pct(first.percent)} of ${unit} ${fate(first)} (${why(first)})`
      : `${pct(failed)} of ${unit} fail: ${r.failing.map((f) => `${pct(f.percent)} ${fate(f)} (${why(f)})`).join(', ')}`;
  const failing = new Set(r.failing.map((f) => f.cluster));
  const total = r.clusters.reduce((a, x) => a + x.weight, 0) || 1;
  const rest = r.clusters.filter((x) => !failing.has(x.name));
  const to = rest.map((x) => (rest.length > 1 ? `${x.name} (${pct(Math.round((x.weight / total) * 10000) / 100)})` : x.name)).join(', ');
  return c.yellow(`⚠ ${e(`${head}; the other ${pct(Math.round((100 - failed) * 100) / 100)} are forwarded to ${to}`)}`);
}

const pct = (p: number): string => `${Number.isInteger(p) ? p : p.toFixed(4).replace(/0+$/, '')}%`;

function headerText(h: HeaderChanges): string[] {
  return [
    ...h.set.map((x) => `set ${x.name}: ${x.value}`),
    ...h.add.map((x) => `add ${x.name}: ${x.value}`),
    ...h.remove.map((x) => `remove ${x}`),
  ];
}

function tlsText(t: UpstreamTlsSummary | null): string {
  if (!t) return 'unknown (the cluster is not in the inputs)';
  if (t.mode === 'NONE') return `plaintext${t.ignored ? ` (${t.ignored})` : ''}`;
  const how = t.source === 'auto-mtls' ? 'Istio mTLS, auto: to pods with a sidecar; plaintext to the others' : t.mode === 'ISTIO_MUTUAL' ? 'Istio mTLS' : t.mode === 'MUTUAL' ? 'TLS with a client certificate' : 'TLS';
  const parts = [`${t.mode} (${how})`];
  if (t.sni) parts.push(`SNI ${t.sni}`);
  if (t.credentialName) parts.push(`credential ${t.credentialName}`);
  if (t.caCertificates) parts.push(`CA ${t.caCertificates}`);
  if (t.insecureSkipVerify) parts.push('server certificate not verified');
  if (t.destinationRule) parts.push(`DestinationRule ${t.destinationRule}`);
  return parts.join(', ');
}

/** What the matched route does, one line per aspect (only the aspects it has). */
function actionLines(r: ExplainRecord): string[] {
  const a = r.action;
  if (!a) return [];
  const rows: [string, string][] = [];
  if (a.upstream) {
    const u = a.upstream;
    rows.push(['upstream', `${u.method} ${u.path}${u.query ? `?${u.query}` : ''}, Host ${u.authority}`]);
    for (const rw of u.rewrites) rows.push(['rewrite', rw]);
  }
  if (a.redirect) rows.push(['redirect', `${a.redirect.status} to ${a.redirect.location}`]);
  if (a.directResponse) rows.push(['response', `${a.directResponse.status}${a.directResponse.body !== null ? ` with a ${a.directResponse.body.length}-byte body` : ''}`]);
  if (a.timeout !== null) rows.push(['timeout', a.timeout === '0s' ? 'none (0s: Istio turns off Envoy\'s 15s default)' : a.timeout]);
  if (a.type === 'forward') {
    const t = a.retries;
    rows.push([
      'retries',
      t
        ? `up to ${t.attempts} on ${t.retryOn.join(',') || '(nothing)'}${t.retriableStatusCodes.length ? ` [${t.retriableStatusCodes.join(',')}]` : ''}${t.perTryTimeout ? `, ${t.perTryTimeout} per try` : ''}${t.previousHosts ? ', avoiding hosts already tried' : ''}`
        : 'none',
    ]);
  }
  const f = a.fault;
  if (f?.delay) rows.push(['fault', `delay ${f.delay.fixedDelay} for ${pct(f.delay.percent)}${f.delay.percentDefaulted ? ' (no percentage set: Envoy delays none)' : ''}`]);
  if (f?.abort) {
    const what = f.abort.grpcStatus !== null ? `grpc-status ${f.abort.grpcStatus} (HTTP 200)` : `HTTP ${f.abort.httpStatus ?? ''}`;
    rows.push(['fault', `abort with ${what} for ${pct(f.abort.percent)}${f.abort.percentDefaulted ? ' (no percentage set: Envoy aborts none)' : ''}`]);
  }
  for (const m of a.mirrors) rows.push(['mirror', `${m.cluster} (${pct(m.percent)}, responses discarded)`]);
  for (const h of headerText(a.requestHeaders)) rows.push(['request', h]);
  for (const h of headerText(a.responseHeaders)) rows.push(['response', h]);
  if (a.cors) {
    const c = a.cors;
    rows.push(['cors', `origins ${c.allowOrigins.join(', ') || '(none)'}${c.allowMethods.length ? `; methods ${c.allowMethods.join(',')}` : ''}${c.preflight ? `; this preflight is ${c.preflight === 'answered-by-proxy' ? 'answered by the proxy' : 'forwarded upstream'}` : ''}`]);
  }
  for (const d of a.destinations) {
    const label = a.destinations.length > 1 ? `${d.cluster} (${d.weight})` : d.cluster;
    if (a.upstream && d.authority !== a.upstream.authority) rows.push(['host', `${label}: Host ${d.authority}`]);
    for (const h of [...headerText(d.requestHeaders), ...headerText(d.responseHeaders)]) rows.push(['headers', `${label}: ${h}`]);
    rows.push(['tls', `${a.destinations.length > 1 ? `${label}: ` : ''}${tlsText(d.tls)}`]);
  }
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['', 'What the route does:', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${e(v)}`)];
}

export function explainText(r: ExplainRecord, c: ChalkInstance): string {
  const lines: string[] = [];
  const host = r.request.headers['host'] ?? r.request.host;
  lines.push(verdict(r, c));
  const request = `${r.request.method} ${r.request.scheme}://${host}${r.request.path}${r.request.query ? `?${r.request.query}` : ''}`;
  lines.push(c.dim(`  ${e(request)} -> ${r.proxy.mode} ${e(r.proxy.workload)}${r.proxy.assumed ? ' (assumed)' : ''}`));
  lines.push('');
  const width = Math.max(...r.trace.map((s) => STAGE_LABEL[s.stage].length));
  for (const s of r.trace) {
    const mark = s.ok ? c.green('✓') : c.red('✗');
    lines.push(`  ${mark} ${STAGE_LABEL[s.stage].padEnd(width)}  ${e(s.detail)}`);
  }
  lines.push(...actionLines(r));
  // The assumed gateway is said in the header line (and on stderr); the others here.
  const assumed = r.assumptions.filter((a) => a.subject !== 'gateway');
  if (assumed.length > 0) {
    lines.push('');
    lines.push('Assumed (the inputs do not show it):');
    for (const a of assumed) lines.push(`  ${c.cyan('•')} ${e(a.detail)}`);
  }
  if (r.causes.length > 0) {
    lines.push('');
    lines.push(r.outcome === 'forwarded' ? 'Warnings:' : 'Why:');
    const paint = { error: c.red, warning: c.yellow, info: c.cyan };
    for (const cause of r.causes) {
      const res = cause.resource ? ` ${e(`${cause.resource.kind} ${fullName(cause.resource)}`)}` : '';
      lines.push(`  ${paint[cause.level](cause.level)} ${c.bold(cause.code)}${c.dim(res)}${cause.file ? c.dim(` (${e(cause.file)}:${cause.line ?? 1}:${cause.column ?? 1})`) : ''}`);
      lines.push(`    ${e(cause.message)}`);
      lines.push(`    ${c.green('fix:')} ${e(cause.fix)}`);
    }
  }
  return lines.join('\n') + '\n';
}
