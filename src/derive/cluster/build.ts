// Outbound clusters as istiod builds them (cluster.go buildOutboundClusters, convertResolution;
// cluster_builder.go buildCluster, applyDestinationRule, buildSubsetCluster; cluster_traffic_policy.go
// applyTrafficPolicy; cluster_tls.go), for gateways and sidecars alike. Every cluster also gets a
// ClusterInfo: the service, DestinationRule, merged policy and TLS decision behind it, which explain
// reads instead of parsing the Envoy object back. This module plans which clusters exist and in what
// order (name, type and DestinationRule known before anything is built); one cluster's assembly is
// outboundCluster.ts, and traffic policy, TLS contexts and the clusters every proxy has are modules
// of their own.
import type { ConfigIndex } from '../../model/configIndex.js';
import { isWildcard } from '../../model/hosts.js';
import { meshOf } from '../../model/mesh.js';
import { Shaped } from '../../model/sharedParts.js';
import type { Cluster, ClusterType } from '../envoy.js';
import type { ClusterInfo, ClusterSummary } from '../proxyConfig.js';
import type { MeshPort, MeshService } from '../sidecar/registry.js';
import type { ClusterProxy, Ctx } from './assembly.js';
import { destinationRuleConfigPath, type DestinationRuleIndex, type ResolvedDestinationRule } from './destinationRules.js';
import { applyPolicy, baseCluster, clusterInfo, discoveryType, dropsWithoutEndpoints, finish, subsetClusterOf, type Finished, type StaticEndpoint } from './outboundCluster.js';
import { clusterPolicy } from './policy.js';
import { istioMtlsSni, namespaceMtlsMode } from './tls.js';

export type { ClusterProxy } from './assembly.js';

export interface OutboundInput {
  index: ConfigIndex;
  proxy: ClusterProxy;
  drs: DestinationRuleIndex;
  services: readonly MeshService[];
  /** Endpoints of a DNS cluster for (service, port), narrowed to a subset's labels when given. */
  dnsEndpoints?(svc: MeshService, port: MeshPort, subsetLabels: Readonly<Record<string, string>> | undefined): StaticEndpoint[];
  /** Identities (spiffe URIs) of the service's workloads. */
  serviceAccounts?(svc: MeshService): readonly string[];
}

export interface BuiltClusters {
  clusters: Cluster[];
  info: ClusterInfo[];
}

/**
 * One outbound cluster to build: its name now (clusters are listed sorted by name), the cluster and
 * its ClusterInfo when `build` is called. `undefined` when istiod drops it (a DNS subset without endpoints).
 */
export interface PlannedCluster {
  name: string;
  build(): Finished | undefined;
  /** The cluster as JSON writers take it: `build`'s cluster, or one its writer may write from its shape's template. */
  item(): Cluster | Shaped<Cluster> | undefined;
  /** What the cluster table shows of it, without building it; `undefined` exactly when `build` drops it. */
  summary(): ClusterSummary | undefined;
}

export type { ClusterSummary } from '../proxyConfig.js';

/** A built cluster's summary (STATIC is the type enum's zero value). */
export const summaryOf = (c: Cluster): ClusterSummary => ({ name: c.name, type: c.type ?? 'STATIC', config: c.metadata?.filterMetadata.istio.config });

/** The outbound clusters in istiod's order, planned but not yet built (kept: see eachPlannedCluster for none). */
export function planOutboundClusters(input: OutboundInput): PlannedCluster[] {
  return [...eachPlannedCluster(input)];
}

/**
 * The plans one at a time, none kept: `proxy-config cluster` on a big mesh builds each when it
 * writes it (a cluster is ~6 KB of JSON; 400,000 of them do not fit).
 */
export function* eachPlannedCluster(input: OutboundInput): Generator<PlannedCluster> {
  const planning = planningOf(input);
  for (const svc of input.services) {
    if (!planned(svc)) continue;
    const dr = input.drs.lookup(input.proxy, svc);
    for (const port of svc.ports) {
      // One object per port that every plan of the port shares; a plan is that and its name (no closure per cluster: a big mesh plans millions).
      const at = portPlan(planning, svc, port, dr);
      if (!at) continue;
      yield new Plan(`outbound|${port.port}||${svc.hostname}`, at, '');
      if (dr) for (const subset of dr.subsets) yield new Plan(`outbound|${port.port}|${subset}|${svc.hostname}`, at, subset);
    }
  }
}

/** What every plan of one planning shares. */
interface Planning {
  input: OutboundInput;
  ctx: Ctx;
  shapes: Map<string, object>;
  lastShapes: Map<string, LastShape>;
}

const planningOf = (input: OutboundInput): Planning => ({ input, ctx: { index: input.index, mesh: meshOf(input.index.options), proxy: input.proxy }, shapes: new Map(), lastShapes: new Map() });

/** Services without clusters: aliases, and dynamic forward proxy hosts (not modelled). */
const planned = (svc: MeshService): boolean => svc.resolution !== 'Alias' && !(svc.resolution === 'DynamicDNS' && isWildcard(svc.hostname));

/** The plan of one port of a planned service (its DestinationRule `dr`), or undefined when it has no clusters. */
function portPlan(planning: Planning, svc: MeshService, port: MeshPort, dr: ResolvedDestinationRule | undefined): PortPlan | undefined {
  const { input, ctx, shapes, lastShapes } = planning;
  const type = discoveryType(svc, ctx.proxy.mode);
  const endpoints = portEndpoints(planning, svc, port, type);
  if (endpoints === false) return undefined;
  const sas = input.serviceAccounts?.(svc) ?? [];
  return { input, ctx, svc, port, type, endpoints, dr, sas, shapes, lastShapes };
}

/** A DNS port's endpoints (undefined for other types), or false when the port has no clusters. */
function portEndpoints(planning: Planning, svc: MeshService, port: MeshPort, type: ClusterType): StaticEndpoint[] | undefined | false {
  if (port.protocol === 'UDP') return false;
  if (type !== 'STRICT_DNS' && type !== 'LOGICAL_DNS') return undefined;
  // A DNS cluster without endpoints is dropped with its subsets: known before any is built.
  const endpoints = planning.input.dnsEndpoints?.(svc, port, undefined) ?? [];
  return endpoints.length === 0 ? false : endpoints;
}

/** A planned cluster before its port's plan is made: the service, the port, the subset ('' for the default cluster). */
interface PlanRef {
  svc: MeshService;
  port: MeshPort;
  subset: string;
}

const byHost = (a: PlanRef, b: PlanRef): number => (a.svc.hostname < b.svc.hostname ? -1 : a.svc.hostname > b.svc.hostname ? 1 : 0);

/**
 * eachPlannedCluster's plans sorted by name (a stable sort: equal names in plan order), made one at a
 * time as they are read. A name is `outbound|<port>|<subset>|` then the host: the plans are put in
 * groups by that prefix, each group sorted by host, the groups in prefix order. That is the order of
 * the names unless a prefix starts another (a subset with a `|`); then all plans are sorted by name.
 * Only small references are kept until the end (a big mesh plans millions of clusters).
 */
export function* plansByName(input: OutboundInput): Generator<PlannedCluster> {
  const planning = planningOf(input);
  const groups = new Map<string, PlanRef[]>();
  const add = (prefix: string, ref: PlanRef): void => {
    const g = groups.get(prefix);
    if (g) g.push(ref);
    else groups.set(prefix, [ref]);
  };
  for (const svc of input.services) {
    if (!planned(svc)) continue;
    const dr = input.drs.lookup(input.proxy, svc);
    const type = discoveryType(svc, planning.ctx.proxy.mode);
    for (const port of svc.ports) {
      if (portEndpoints(planning, svc, port, type) === false) continue;
      add(`outbound|${port.port}||`, { svc, port, subset: '' });
      if (dr) for (const subset of dr.subsets) add(`outbound|${port.port}|${subset}|`, { svc, port, subset });
    }
  }
  const prefixes = [...groups.keys()].sort();
  // A prefix that starts another sorts just before it, or before others that start with it too.
  if (prefixes.some((p, i) => i > 0 && p.startsWith(prefixes[i - 1] ?? ''))) {
    yield* [...eachPlannedCluster(input)].sort(byName);
    return;
  }
  for (const prefix of prefixes) {
    const group = groups.get(prefix) ?? [];
    groups.delete(prefix);
    group.sort(byHost);
    for (const ref of group) {
      const at = portPlan(planning, ref.svc, ref.port, input.drs.lookup(input.proxy, ref.svc));
      if (at) yield new Plan(prefix + ref.svc.hostname, at, ref.subset);
    }
  }
}

/** Plans in name order merged with `built` clusters (sorted here): a stable sort of both, plans first. */
function* mergedByName(plans: Iterable<PlannedCluster>, built: readonly Cluster[]): Generator<PlannedCluster | Cluster> {
  const others = [...built].sort(byName);
  let next = 0;
  for (const plan of plans) {
    const name = plan.name;
    for (let o = others[next]; o !== undefined && o.name < name; o = others[++next]) yield o;
    yield plan;
  }
  for (; next < others.length; next++) {
    const o = others[next];
    if (o) yield o;
  }
}

interface PortPlan {
  input: OutboundInput;
  ctx: Ctx;
  svc: MeshService;
  port: MeshPort;
  type: ClusterType;
  endpoints: StaticEndpoint[] | undefined;
  dr: ResolvedDestinationRule | undefined;
  sas: readonly string[];
  /** The DestinationRule's config path, made for the first summary that shows it. */
  config?: string;
  /** The shapes of this planning's clusters, by what decides them (see shapeOf). */
  shapes: Map<string, object>;
  lastShapes: Map<string, LastShape>;
}

/**
 * The shape of the default cluster of a port whose service has no DestinationRule, when it has one:
 * everything its JSON text depends on but the strings in ShapedCluster.holes (traced through
 * baseCluster, applyPolicy and finish without a policy): the type, the port's protocol, how the
 * service is registered and resolved, its namespace's mTLS mode and its workloads' identities, and
 * (the same for every plan of one planning) the mesh config and proxy. DNS clusters list their
 * endpoints, and a stat name pattern rewrites names: those have no shape.
 */
function shapeOf(at: PortPlan): object | undefined {
  if (at.dr !== undefined || (at.type !== 'EDS' && at.type !== 'ORIGINAL_DST') || at.ctx.mesh.outboundClusterStatName) return undefined;
  const { svc, port, sas } = at;
  const mtls = svc.meshExternal ? '' : namespaceMtlsMode(at.ctx.index, svc.namespace);
  // The last shape of the port's protocol decides again without a key, when all is the same (services alternate their ports' protocols).
  const last = at.lastShapes.get(port.protocol);
  if (last && last.type === at.type && last.registry === svc.registry && last.meshExternal === svc.meshExternal && last.resolution === svc.resolution && last.mtls === mtls && last.sas.length === 0 && sas.length === 0) return last.shape;
  const key = `${at.type}\u0000${port.protocol}\u0000${svc.registry}\u0000${svc.meshExternal}\u0000${svc.resolution}\u0000${mtls}\u0000${sas.join('\u0000')}`;
  let shape = at.shapes.get(key);
  if (!shape) at.shapes.set(key, (shape = {}));
  at.lastShapes.set(port.protocol, { type: at.type, registry: svc.registry, meshExternal: svc.meshExternal, resolution: svc.resolution, mtls, sas, shape });
  return shape;
}

/** What decided a shape (shapeOf), for the next port of the same protocol. */
interface LastShape {
  type: ClusterType;
  registry: string;
  meshExternal: boolean;
  resolution: string;
  mtls: string;
  sas: readonly string[];
  shape: object;
}

/** A planned cluster written from its shape's template: its holes are its name, stat name, SNI, host, service name and namespace. */
class ShapedCluster extends Shaped<Cluster> {
  constructor(
    readonly shape: object,
    private readonly plan: Plan,
    private readonly at: PortPlan,
  ) {
    super();
  }

  get name(): string {
    return this.plan.name;
  }

  holes(): readonly string[] {
    const { svc, port } = this.at;
    const name = this.plan.name;
    return [name, `${name};`, istioMtlsSni(port.port, '', svc.hostname), svc.hostname, svc.name, svc.namespace];
  }

  value(): Cluster {
    const f = this.plan.build();
    // A default cluster of a service without DestinationRule that is not DNS is never dropped (shapeOf).
    if (!f) throw new Error(`cluster ${this.plan.name} was dropped`);
    return f.cluster;
  }
}

class Plan implements PlannedCluster {
  constructor(
    readonly name: string,
    private readonly at: PortPlan,
    private readonly subset: string,
  ) {}

  build(): Finished | undefined {
    const { input, ctx, svc, port, type, endpoints, dr, sas } = this.at;
    const subset = this.subset;
    const name = this.name;
    if (subset === '') {
      const w = baseCluster(name, type, endpoints, port, svc, '', ctx);
      if (!w) return undefined;
      const policy = clusterPolicy(dr, port.port, '');
      const decision = applyPolicy(w, policy, svc, port, '', dr, sas, ctx);
      return finish(w, clusterInfo(name, svc, port, '', dr, policy, decision), dr, svc, '', policy?.tls?.mode);
    }
    const { policy: subsetPolicy, type: subsetType, needsEndpoints } = subsetClusterOf(dr, port, subset, type);
    const sw = baseCluster(name, subsetType, needsEndpoints ? (input.dnsEndpoints?.(svc, port, dr?.subsetSpecs.get(subset)?.labels ?? {}) ?? []) : undefined, port, svc, subset, ctx);
    if (!sw) return undefined;
    const sd = applyPolicy(sw, subsetPolicy, svc, port, subset, dr, sas, ctx);
    return finish(sw, clusterInfo(name, svc, port, subset, dr, subsetPolicy, sd), dr, svc, subset, subsetPolicy?.tls?.mode);
  }

  /** The cluster to write as JSON: a Shaped one when it has a shape (not built unless the writer asks), else the cluster built. */
  item(): Cluster | Shaped<Cluster> | undefined {
    const shape = this.subset === '' ? shapeOf(this.at) : undefined;
    return shape ? new ShapedCluster(shape, this, this.at) : this.build()?.cluster;
  }

  // build's type and drop decisions, without the rest (a table of a big mesh shows millions of rows).
  summary(): ClusterSummary | undefined {
    const at = this.at;
    const { input, svc, port, type, dr } = at;
    const config = dr ? (at.config ??= destinationRuleConfigPath(dr.dr)) : undefined;
    const subset = this.subset;
    // The default cluster: a DNS one without endpoints was not planned, and nothing else drops it;
    // a PASSTHROUGH load balancer makes it ORIGINAL_DST (applyLoadBalancer).
    if (subset === '') return { name: this.name, type: dr && clusterPolicy(dr, port.port, '')?.loadBalancer?.simple === 'PASSTHROUGH' ? 'ORIGINAL_DST' : type, config };
    const subsetType = subsetClusterOf(dr, port, subset, type).type;
    // A DNS or STATIC subset cluster always needs endpoints (PASSTHROUGH made it ORIGINAL_DST).
    if (dropsWithoutEndpoints(subsetType) && (input.dnsEndpoints?.(svc, port, dr?.subsetSpecs.get(subset)?.labels ?? {}) ?? []).length === 0) return undefined;
    return { name: this.name, type: subsetType, config };
  }
}

/**
 * The summaries of the planned clusters that are built, then of the `built` ones, in that order
 * (the table sorts its rows; a stable sort by name would keep equal names in this order too).
 */
export function* clusterSummaries(plans: Iterable<PlannedCluster>, built: readonly Cluster[] = []): Generator<ClusterSummary> {
  for (const p of plans) {
    const s = p.summary();
    if (s) yield s;
  }
  for (const c of built) yield summaryOf(c);
}

export function buildOutboundClusters(input: OutboundInput): BuiltClusters {
  const clusters: Cluster[] = [];
  const info: ClusterInfo[] = [];
  for (const plan of planOutboundClusters(input)) {
    const f = plan.build();
    if (!f) continue;
    clusters.push(f.cluster);
    info.push(f.info);
  }
  return { clusters, info };
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The planned clusters and the `built` ones (BlackHoleCluster...) sorted by name, as proxy-config
 * lists them; each planned one is built when it is read, and not kept.
 */
export function* clustersByName(input: OutboundInput, built: readonly Cluster[] = []): Generator<Cluster> {
  yield* byNameTaking(input, built, (p) => p.build()?.cluster);
}

/** clustersByName's clusters as JSON writers take them (PlannedCluster.item): the same JSON, some from their shape's template. */
export function* clusterItemsByName(input: OutboundInput, built: readonly Cluster[] = []): Generator<Cluster | Shaped<Cluster>> {
  yield* byNameTaking(input, built, (p) => p.item());
}

/** The planned and `built` clusters in name order, each plan taken by `take` (undefined when istiod drops it). */
function* byNameTaking<T>(input: OutboundInput, built: readonly Cluster[], take: (p: PlannedCluster) => T | undefined): Generator<Cluster | T> {
  for (const x of mergedByName(plansByName(input), built)) {
    if (!('build' in x)) {
      yield x;
      continue;
    }
    const taken = take(x);
    if (taken !== undefined) yield taken;
  }
}
