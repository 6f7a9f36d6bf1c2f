// Destination hosts (and host:port) of a VirtualService must exist as a Service or ServiceEntry
// visible to it; a missing port on a multi-port target is ambiguous; a gateway-bound route without
// a subset ignores the subset routing another VirtualService defines for that host. A host of a
// namespace the inputs hold nothing of is assumed to exist (a partial view; info GW0470), a declared
// one (--assume-host) exists; --strict makes every missing host IST0101, as istioctl reports it.
//
// IST0140 deliberately differs from istioctl: istioctl compares destination hosts as raw strings
// across all namespaces, so `host: reviews` in one namespace matches `host: reviews` in every other,
// although each names its own namespace's Service (2·namespaces² findings on a mesh where every
// namespace has the same app names). gwctl resolves every host to its FQDN in the namespace of the
// VirtualService that names it, and looks the gateway route's host up in an index by FQDN.
import type { VirtualService } from '../../../model/resource.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { destinationPath, visitMirrorDestinations, visitRouteDestinations, type DestinationVisitor, type Field, type Section } from '../../destinations.js';
import type { Destination } from '../../../schema/kinds/virtualService.js';
import { analyzerHostToFqdn, resolveShortnameToFqdn } from '../../../model/hosts.js';
import { isAnalyzerFqdnOf } from '../../fqdnOf.js';
import { analyzerDomain, scopedHosts, lookupHost, type HostTarget } from '../../serviceHosts.js';
import { refOf } from '../../../model/resource.js';
import { assumedHost } from '../../../model/assumptions.js';
import { fieldSite, missingHostFix, missingPortFix, portRequiredFix, type HostField } from '../../../model/fixes.js';


/** Up to this many hosts, a VirtualService's own hosts are compared one by one (nothing to make), else through a set. */
const OWN_HOSTS_LIST = 8;

/** A VirtualService's own hosts as FQDNs: compared in place when it has few (nearly always), else a set (linear cost). */
function ownHosts(vs: VirtualService, domain: string): { has(host: string): boolean } {
  const hosts = vs.spec.hosts ?? [];
  if (hosts.length > OWN_HOSTS_LIST) return new Set(hosts.map((h) => analyzerHostToFqdn(h, vs.namespace, domain)));
  return {
    has: (fqdn) => {
      for (let i = 0; i < hosts.length; i++) if (isAnalyzerFqdnOf(hosts[i] as string, vs.namespace, domain, fqdn)) return true;
      return false;
    },
  };
}

export default defineAnalyzer({
  name: 'virtualservice/destination-not-found',
  description: 'Checks the destination hosts and ports of each VirtualService',
  inputs: ['VirtualService', 'ServiceEntry', 'Service'],
  emits: ['IST0101', 'IST0112', 'IST0140', 'GW0470'],
  istio: 'virtualservice.DestinationHostAnalyzer',
  kiali: ['KIA1101'],
  analyze(ctx) {
    const hosts = scopedHosts(ctx);
    const domain = analyzerDomain(ctx.index);
    const all = ctx.index.ofKind('VirtualService');
    // A VirtualService's destinations mostly repeat one host (a rule per match, a canary's subsets):
    // the last host's FQDN is remembered, per VirtualService, so each distinct run is expanded once.
    let lastHost: string | undefined;
    let lastNamespace: string | undefined;
    let lastFqdn = '';
    const fqdn = (host: string, namespace: string): string => {
      if (host !== lastHost || namespace !== lastNamespace) {
        lastHost = host;
        lastNamespace = namespace;
        lastFqdn = analyzerHostToFqdn(host, namespace, domain);
      }
      return lastFqdn;
    };
    // VirtualServices that route with a subset to one of their own hosts, by that host's FQDN, in
    // input order and each once (istioctl reports once per such destination, and identical findings
    // are merged after the run anyway).
    const subsetRoutersByHost = new Map<string, VirtualService[]>();
    // The VirtualService being walked: the visitors below are made once and read it (destinations
    // are visited in place, each walk of the spec again: no object per destination, none kept).
    let vs = all[0] as VirtualService;
    // Its own hosts as FQDNs, when a subset destination first asks.
    let own: { has(host: string): boolean } | undefined;
    // The last subset destination's host: a run of one host (a canary's subsets, a rule per match)
    // is filed once, the VirtualService being its list's last already.
    let filed: string | undefined;
    const fileSubsetRouter: DestinationVisitor = (destination, section) => {
      if (section !== 'http' || !destination.subset) return;
      const written = destination.host ?? '';
      if (written === filed) return;
      filed = written;
      const host = fqdn(written, vs.namespace);
      own ??= ownHosts(vs, domain);
      if (!own.has(host)) return;
      const list = subsetRoutersByHost.get(host);
      if (!list) subsetRoutersByHost.set(host, [vs]);
      else if (list[list.length - 1] !== vs) list.push(vs);
    };
    // Indexed loops, closures made once: this code runs once per run (cold), over every destination.
    for (let v = 0; v < all.length; v++) {
      vs = all[v] as VirtualService;
      own = undefined;
      filed = undefined;
      visitRouteDestinations(vs, fileSubsetRouter);
    }
    const checkPorts = (destination: Destination, target: HostTarget, at: { resource: VirtualService; path: (string | number)[] }, field: HostField): void => {
      const port = destination.port?.number;
      if (port !== undefined && target.ports.some((p) => p.number === port)) return;
      const ports = target.ports.map((p) => p.number);
      if (port === undefined) {
        if (ports.length > 1) ctx.report('IST0112', { host: destination.host, ports }, at, portRequiredFix(ports, fieldSite(vs, at.path), field));
        return;
      }
      ctx.report('IST0101', { kind: 'host:port', name: `${destination.host}:${port}` }, at, ports.length > 0 ? missingPortFix(ports, port, fieldSite(vs, at.path), field) : undefined);
    };
    // The last destination host's target, for the VirtualService being checked (reset for each one).
    let targetHost: string | undefined;
    let target: HostTarget | undefined;
    const check = (destination: Destination, section: Section, rule: number, written: Field, index: number, kind: string): void => {
      const host = destination.host ?? '';
      if (host !== targetHost) {
        targetHost = host;
        target = lookupHost(hosts, domain, vs.namespace, vs.spec.exportTo, host);
      }
      const field: HostField = kind === 'host' ? 'destination' : 'mirror';
      // Built only when there may be something to report: a missing host, or a port to check.
      if (target && destination.port?.number === undefined && target.ports.length <= 1) return;
      const at = { resource: vs, path: [...destinationPath(section, rule, written, index), 'host'] };
      if (!target) {
        const full = resolveShortnameToFqdn(host, vs.namespace, ctx.index.options.domainSuffix);
        const assumed = assumedHost(ctx.index, full);
        if (!assumed) ctx.report('IST0101', { kind, name: host }, at, missingHostFix(full, fieldSite(vs, at.path), field));
        else if (assumed.reason === 'partial-namespace') ctx.report('GW0470', { kind, host, namespace: assumed.namespace ?? '' }, at);
      }
      else checkPorts(destination, target, at, field);
    };
    const checkRoute: DestinationVisitor = (destination, section, rule, written, index) => check(destination, section, rule, written, index, 'host');
    const checkMirror: DestinationVisitor = (destination, section, rule, written, index) => check(destination, section, rule, written, index, 'mirror host');
    // A gateway route without a subset to a host other VirtualServices route to with subsets.
    const ignoresSubsets: DestinationVisitor = (destination, section, rule, field, index) => {
      if (section !== 'http' || destination.subset) return;
      const others = subsetRoutersByHost.get(fqdn(destination.host ?? '', vs.namespace));
      if (others === undefined) return;
      for (let k = 0; k < others.length; k++) {
        ctx.report('IST0140', { virtualService: refOf(others[k] as VirtualService), gateway: refOf(vs) }, { resource: vs, path: [...destinationPath(section, rule, field, index), 'host'] });
      }
    };
    for (let v = 0; v < all.length; v++) {
      vs = all[v] as VirtualService;
      targetHost = undefined;
      visitRouteDestinations(vs, checkRoute);
      visitMirrorDestinations(vs, checkMirror);
      if ((vs.spec.gateways ?? []).length > 0) visitRouteDestinations(vs, ignoresSubsets);
    }
  },
});
