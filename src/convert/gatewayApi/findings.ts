// The conversion's findings: every negative status condition istiod would write (GW0501-GW0510 on
// routes, GW0520-GW0522 on Gateways, ListenerSets and their listeners), each at the field to change,
// plus what istiod accepts without a word but gwctl reports (a parent missing from the inputs, a
// hostname taken by a more specific listener, a backend port the Service lacks, a rule no request
// can reach).
import { finding, type Finding } from '../../diagnostics/finding.js';
import type { ResourceRef } from '../../diagnostics/ref.js';
import type { Path } from '../../load/sourceMap.js';
import type { ConfigIndex } from '../../model/configIndex.js';
import { refOf, type Resource } from '../../model/resource.js';
import type { RouteNote } from './routeOrigins.js';
import { groupKind, isNegative, kindOf, type Condition, type ObjectStatus, type WrittenParentRef } from './types.js';

function sourceOf(index: ConfigIndex, s: ObjectStatus): Resource | undefined {
  switch (s.kind) {
    case 'Gateway':
      return index.get('KubernetesGateway', s.namespace, s.name);
    case 'GatewayClass':
      return index.get('GatewayClass', '', s.name);
    default:
      return index.get(s.kind, s.namespace, s.name);
  }
}

const conditionText = (c: Condition): string => `${c.type}=${c.status} ${c.reason}`;

const parentRefOf = (p: WrittenParentRef, routeNamespace: string): ResourceRef => ({
  kind: kindOf(groupKind(p.group, p.kind, 'gateway.networking.k8s.io/Gateway')),
  namespace: p.namespace ?? routeNamespace,
  name: p.name,
});

type Emit = (f: Finding) => void;

function at(r: Resource, path: Path | undefined): { at: { file: string; doc: number; path: Path }; resource: ResourceRef } {
  return { at: { file: r.origin.file, doc: r.origin.doc, path: [...r.origin.base, ...(path ?? [])] }, resource: refOf(r) };
}

function routeFindings(r: Resource, s: ObjectStatus, emit: Emit): void {
  const route = refOf(r);
  for (const p of s.parents ?? []) {
    if (p.carried) continue;
    const parent = parentRefOf(p.parentRef, r.namespace);
    const negative = p.conditions.filter(isNegative);
    const accepted = negative.find((c) => c.type === 'Accepted');
    if (accepted) {
      const base = { route, parent, detail: accepted.message, conditions: [conditionText(accepted)] };
      const where = at(r, accepted.path ?? (p.index !== undefined ? ['spec', 'parentRefs', p.index] : undefined));
      if (accepted.reason === 'NoMatchingParent' && /^parent service( entry)?: /.test(accepted.message)) {
        emit(finding('GW0501', { route, parent, parentKind: parent.kind, reason: `which does not exist (${accepted.message})`, conditions: [conditionText(accepted)] }, where));
      } else if (accepted.reason === 'NoMatchingParent') emit(finding('GW0502', base, where));
      else if (accepted.reason === 'NotAllowedByListeners') emit(finding(accepted.message.startsWith('kind ') ? 'GW0504' : 'GW0503', base, where));
      else if (accepted.reason === 'NoMatchingListenerHostname') emit(finding('GW0505', base, where));
      else emit(finding('GW0502', base, where));
    }
    for (const c of negative.filter((x) => x.type !== 'Accepted')) {
      const args = { route, detail: c.message, conditions: [conditionText(c)] };
      const where = at(r, c.path);
      if (c.reason === 'BackendNotFound') emit(finding('GW0507', args, where));
      else if (c.reason === 'RefNotPermitted') emit(finding('GW0509', args, where));
      else emit(finding('GW0510', args, where));
    }
  }
}

/** One finding per listener (all its negative conditions), one per object-level code. */
function gatewayFindings(r: Resource, s: ObjectStatus, emit: Emit): void {
  const gateway = refOf(r);
  for (const l of s.listeners ?? []) {
    const negative = l.conditions.filter(isNegative);
    if (negative.length === 0) continue;
    // The cause first: the condition with the most specific message (Programmed "Bad TLS configuration" follows from ResolvedRefs).
    const order = ['Conflicted', 'ResolvedRefs', 'Accepted', 'Programmed'];
    const primary = [...negative].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))[0] ?? negative[0];
    if (!primary) continue;
    emit(finding('GW0520', { gateway, listener: l.name, detail: primary.message, conditions: negative.map(conditionText) }, at(r, primary.path ?? ['spec', 'listeners', l.index])));
  }
  const negative = s.conditions.filter(isNegative);
  const programmed = negative.filter((c) => c.type === 'Programmed');
  const other = negative.filter((c) => c.type !== 'Programmed');
  for (const [code, list] of [
    ['GW0521', programmed],
    ['GW0522', other],
  ] as const) {
    const first = list[0];
    if (!first) continue;
    emit(finding(code, { gateway, detail: list.map((c) => c.message).join('; '), conditions: list.map(conditionText) }, at(r, first.path ?? ['spec'])));
  }
}

function noteFindings(notes: readonly RouteNote[], emit: Emit): void {
  for (const n of notes) {
    const route = refOf(n.route);
    switch (n.code) {
      case 'parent-not-found': {
        const parent = { kind: kindOf(n.parent.kind), namespace: n.parent.namespace, name: n.parent.name };
        emit(finding('GW0501', { route, parent, parentKind: parent.kind, reason: 'which is not in the inputs', conditions: [] }, at(n.route, ['spec', 'parentRefs', n.refIndex])));
        break;
      }
      case 'isolation': {
        const parent = { kind: kindOf(n.parent.parentKey.kind), namespace: n.parent.parentKey.namespace, name: n.parent.parentKey.name };
        const hostnames = n.route.kind === 'TCPRoute' ? [] : (n.route.spec.hostnames ?? []);
        const i = hostnames.indexOf(n.host);
        emit(
          finding(
            'GW0506',
            { route, host: n.host, listener: n.parent.parentSection, parent, other: n.other },
            at(n.route, i >= 0 ? ['spec', 'hostnames', i] : ['spec', 'parentRefs', n.parent.refIndex]),
          ),
        );
        break;
      }
      case 'backend-port':
        emit(finding('GW0508', { route, service: { kind: 'Service', ...n.note.service }, port: n.note.port, ports: n.note.ports }, at(n.route, [...n.note.path, 'port'])));
        break;
      case 'backend-error': {
        const args = { route, detail: n.error.message, conditions: [`ResolvedRefs=False ${n.error.reason}`] };
        const where = at(n.route, n.error.path);
        emit(finding(n.error.reason === 'BackendNotFound' ? 'GW0507' : n.error.reason === 'RefNotPermitted' ? 'GW0509' : 'GW0510', args, where));
        break;
      }
      case 'unreachable':
        emit(finding('GW0511', { route, rule: n.rule, host: n.host, shadowedBy: refOf(n.shadowedBy), shadowRule: n.shadowRule }, at(n.route, ['spec', 'rules', n.rule])));
        break;
    }
  }
}

export function conversionFindings(index: ConfigIndex, statuses: readonly ObjectStatus[], notes: readonly RouteNote[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const emit: Emit = (f) => {
    // Backend problems once per field: the status repeats the last one a route hit.
    const byField = f.code === 'GW0507' || f.code === 'GW0509' || f.code === 'GW0510';
    const key = JSON.stringify([f.code, f.resource, f.at?.path, byField ? null : f.args]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  noteFindings(notes, emit);
  for (const s of statuses) {
    const r = sourceOf(index, s);
    if (!r) continue;
    if (s.kind === 'Gateway' || s.kind === 'ListenerSet') gatewayFindings(r, s, emit);
    else if (s.kind !== 'GatewayClass') routeFindings(r, s, emit);
  }
  return out;
}
