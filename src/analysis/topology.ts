// The labels istiod gives a pod's endpoints beyond its own: the topology labels of its Node (region,
// zone, subzone, through Istio's locality string) and kubernetes.io/hostname = spec.nodeName.
// DestinationRule subsets may select on them.
import type { ConfigIndex } from '../model/configIndex.js';
import type { Labels } from './labels.js';
import type { PodLike } from './workloads.js';

const REGION = 'topology.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const SUBZONE = 'topology.istio.io/subzone';
const HOSTNAME = 'kubernetes.io/hostname';

/** Region, zone, subzone after Istio's round trip through "region/zone/subzone" (a subzone needs a zone). */
function locality(node: Labels): [string, string, string] {
  const region = node[REGION] ?? '';
  const zone = node[ZONE] ?? '';
  const text = zone === '' ? region : `${region}/${zone}${node[SUBZONE] ? `/${node[SUBZONE]}` : ''}`;
  const [r = '', z = '', s = ''] = text.split('/');
  return [r, z, s];
}

/** Returns a function giving a pod's labels augmented as istiod does (Pods only; templates have no node). */
export function topologyLabeller(index: Pick<ConfigIndex, 'ofKind'>): (pod: PodLike) => Labels {
  const nodes = new Map<string, Labels>();
  for (const n of index.ofKind('Node')) nodes.set(n.name, n.metadata.labels ?? {});
  return (pod) => {
    if (pod.resource.kind !== 'Pod') return pod.labels;
    const nodeName = pod.resource.spec.nodeName ?? '';
    const node = nodes.get(nodeName);
    const out: Record<string, string> = { ...pod.labels };
    const [region, zone, subzone] = node ? locality(node) : ['', '', ''];
    if (region) out[REGION] = region;
    if (zone) out[ZONE] = zone;
    if (subzone) out[SUBZONE] = subzone;
    if (nodeName) out[HOSTNAME] = nodeName;
    return out;
  };
}
