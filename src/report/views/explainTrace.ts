// `gwctl explain` for people: the verdict first, then one line per stage (✓/✗), then the causes with
// their fixes. Colour only through the chalk instance the command passes (off when not a TTY).
import type { ChalkInstance } from 'chalk';
import type { StageName } from '../../explain/types.js';
import { fullName } from '../../diagnostics/ref.js';
import { escapeText as e } from '../escape.js';
import type { ExplainRecord } from './explainRecord.js';

const STAGE_LABEL: Record<StageName, string> = {
  port: 'port',
  listener: 'listener',
  filterChain: 'filter chain',
  routeConfig: 'route config',
  virtualHost: 'virtual host',
  route: 'route',
  action: 'action',
  cluster: 'cluster',
};

const REASONS: Record<number, string> = { 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

function verdict(r: ExplainRecord, c: ChalkInstance): string {
  switch (r.outcome) {
    case 'forwarded':
      return c.green(`✓ forwarded to ${e(r.clusters.map((x) => (r.clusters.length > 1 ? `${x.name} (${x.weight}%)` : x.name)).join(', '))}`);
    case 'connection-refused':
      return c.red(`✗ connection refused: nothing accepts port ${r.request.port}${r.port && r.port.listenerPort !== r.request.port ? ` (-> ${r.port.listenerPort})` : ''}`);
    case 'tls-failure':
      return c.red(`✗ TLS handshake fails on port ${r.request.port}`);
    case 'local-reply': {
      const status = r.status ?? 0;
      const text = `${status} ${REASONS[status] ?? ''}`.trim();
      if (status >= 300 && status < 400) return c.yellow(`↪ ${text} from the proxy${r.location ? `, Location: ${e(r.location)}` : ''}`);
      return c.red(`✗ ${text} from the proxy itself (Envoy local reply${status === 404 ? ', flag NR' : r.stop === 'cluster-missing' ? ', flag NC' : ''})`);
    }
  }
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
