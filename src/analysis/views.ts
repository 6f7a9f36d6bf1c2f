// Narrow, read-only views of the spec fields the analyzers read from DestinationRule, ServiceEntry and
// Sidecar, by Istio's proto field names. They keep the analyzers independent of how the kind schemas
// shape their types (the schemas validate the same fields; values here are already parsed).
import type { DestinationRule, ServiceEntry, Sidecar } from '../model/resource.js';

export interface ClientTlsView {
  mode?: string;
  caCertificates?: string;
  credentialName?: string;
}
export interface TrafficPolicyView {
  tls?: ClientTlsView;
  portLevelSettings?: { port?: { number?: number }; tls?: ClientTlsView }[];
}
export interface DestinationRuleView {
  host?: string;
  subsets?: { name?: string; labels?: Record<string, string> }[];
  trafficPolicy?: TrafficPolicyView;
  exportTo?: string[];
  workloadSelector?: { matchLabels?: Record<string, string> };
}

export interface ServiceEntryPortView {
  number?: number;
  protocol?: string;
  name?: string;
}
export interface ServiceEntryView {
  hosts?: string[];
  addresses?: string[];
  ports?: ServiceEntryPortView[];
  exportTo?: string[];
  workloadSelector?: { labels?: Record<string, string> };
}

export interface SidecarView {
  workloadSelector?: { labels?: Record<string, string> };
}

export const drView = (r: DestinationRule): DestinationRuleView => r.spec as unknown as DestinationRuleView;
export const seView = (r: ServiceEntry): ServiceEntryView => r.spec as unknown as ServiceEntryView;
export const sidecarView = (r: Sidecar): SidecarView => r.spec as unknown as SidecarView;
