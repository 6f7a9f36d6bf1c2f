// Clusters the proxy would have if the destination host exists outside the inputs (issue 12 item 8):
// the files are a partial view when they hold no Service or ServiceEntry in the host's namespace, or
// the user declared the host (--assume-host). A subset of such a host is assumed too, unless a
// DestinationRule in the inputs covers the host without defining it (then its subsets are known, and
// a missing one is a real 503). Never in --strict mode, except declared hosts.
import { destinationRuleIndex } from '../derive/cluster/destinationRules.js';
import { assumedHost } from '../model/assumptions.js';
import { parseOutboundCluster } from './clusterName.js';
import type { ExplainContext } from './context.js';
import type { Assumption } from './types.js';

/** Why `cluster` is taken to exist although the derived config lacks it; undefined: it does not. */
export function assumedCluster(ctx: ExplainContext, cluster: string, tcp: boolean): Assumption | undefined {
  const c = parseOutboundCluster(cluster);
  if (!c) return undefined;
  const host = assumedHost(ctx.index, c.host);
  if (!host) return undefined;
  if (host.ports.length > 0 && !host.ports.includes(c.port)) return undefined;
  const failure = tcp ? 'the proxy closes the connection' : 'the request gets 503 NC';
  let subset = '';
  if (c.subset !== '') {
    // A DestinationRule in the inputs that covers the host decides: its subsets are known. Without
    // one, a rule in the cluster is assumed to define the subset too.
    const dr = destinationRuleIndex(ctx.index).lookup(ctx.config.proxy, { hostname: c.host, namespace: host.namespace ?? '' });
    if (dr && !dr.subsets.includes(c.subset)) return undefined;
    subset = dr ? '' : ` with a DestinationRule defining subset ${c.subset}`;
  }
  const detail =
    host.reason === 'declared'
      ? `${c.host} exists outside the inputs (declared with --assume-host)${subset}, so the proxy has cluster ${cluster}; if it does not, ${failure}`
      : `service ${c.host}${subset} exists in the cluster: the inputs hold no Service or ServiceEntry in namespace ${host.namespace ?? ''}, so they are a partial view of it; if it does not exist, ${failure} (--strict treats the inputs as the whole world)`;
  return { subject: 'host', name: cluster, detail };
}
