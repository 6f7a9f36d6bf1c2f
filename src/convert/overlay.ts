// Overlays: the conversions istiod runs before it builds proxy config (Kubernetes Ingress, Gateway
// API). Each is a pure function of the inputs returning the Istio resources it adds; the workspace
// applies the list once (src/convert/index.ts), so no derivation has to remember to.
import type { Finding, ResourceRef } from '../diagnostics/finding.js';
import type { ConfigIndex } from '../model/configIndex.js';
import type { Kind, Resource } from '../model/resource.js';

/** A resource an overlay adds: it always names the object it was derived from. */
export type Derived<R extends Resource = Resource> = R & { derivedFrom: ResourceRef };

export interface OverlayResult {
  resources: Derived[];
  /** What the conversion could not do (an unsupported field, a dropped rule...), as findings. */
  findings: Finding[];
}

export interface Overlay {
  name: string;
  /** Kinds the conversion reads: whoever reads `outputs` from the store depends on these too. */
  inputs: readonly Kind[];
  /** Kinds the resources it adds are of. */
  outputs: readonly Kind[];
  /** Reads the user's resources only (never another overlay's), as istiod's controllers each watch the API server. */
  convert(inputs: ConfigIndex): OverlayResult;
}
