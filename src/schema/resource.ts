// Typed resources: what leaves the schemas, one type per kind of the one list (src/schema/kinds/index.ts).
// Everything downstream reads these (`r.spec.<field>` typed by the kind's zod schema), never raw YAML.
import type { z } from 'zod';
import type { ResourceRef } from '../diagnostics/ref.js';
import type { Path } from '../load/sourceMap.js';
import type { KindDef, Metadata } from './common.js';
import { KINDS, type AnyKindDef } from './kinds/index.js';

/** Where a resource came from: file, document index, and its path inside the document. */
export interface Origin {
  file: string;
  doc: number;
  base: Path;
}

/** What telling duplicates apart needs of a resource (all that `validate` keeps of one). */
export interface Placed {
  kind: string;
  namespace: string;
  name: string;
  origin: Origin;
}

/** A resource of kind `K` whose spec the kind's schema typed as `S`. */
export interface TypedResource<K extends string, S> {
  kind: K;
  apiVersion: string;
  name: string;
  /** metadata.namespace, or the default namespace when the document has none. */
  namespace: string;
  metadata: Metadata;
  spec: S;
  origin: Origin;
  /** The webhook would reject it (IST0106): istiod never sees it. */
  rejected: boolean;
  /** Raw `status`, kept for the analyzers that read it. */
  status?: unknown;
  /**
   * Set on resources an overlay (src/convert) derives from another object, as istiod does (a Gateway
   * from an Ingress, a VirtualService from an HTTPRoute): the object the user wrote, so that tables
   * and findings can name it. `origin` then points into that object's document.
   */
  derivedFrom?: ResourceRef;
  /**
   * For a VirtualService an overlay builds from rules of several objects (Gateway API routes of one
   * hostname): per spec.http (or tcp, tls) entry, the object and the rule it came from.
   */
  ruleSources?: readonly RuleSource[];
}

/** A rule of an object the user wrote (spec.rules[rule], spec.rules[rule].matches[match]). */
export interface RuleSource {
  ref: ResourceRef;
  rule: number;
  match?: number;
}

/** The resource a kind definition produces. */
export type ResourceOfDef<D> = D extends KindDef<infer K, infer S extends z.ZodType> ? TypedResource<K, z.output<S>> : never;

/** Every modelled resource: one member per entry of KINDS. */
export type Resource = ResourceOfDef<AnyKindDef>;
export type Kind = Resource['kind'];
export type ResourceOf<K extends Kind> = Extract<Resource, { kind: K }>;

/** Every modelled kind, in the order of KINDS. */
export const MODELLED_KINDS: readonly Kind[] = KINDS.map((k) => k.kind);

const MODELLED: ReadonlySet<string> = new Set(MODELLED_KINDS);

export const isKind = (kind: string): kind is Kind => MODELLED.has(kind);

/** The kinds Istio's admission webhook validates (networking.istio.io): IST0106 is about these. */
export const WEBHOOK_KINDS: readonly Kind[] = KINDS.filter((k) => k.group === 'networking.istio.io').map((k) => k.kind);

export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(KINDS.filter((k) => k.clusterScoped === true).map((k) => k.kind));

const DISPLAY_KIND: ReadonlyMap<string, string> = new Map(KINDS.map((k) => [k.kind, k.documentKind ?? k.kind]));

/** The kind as documents (and istioctl) name it: KubernetesGateway prints as `Gateway`. */
export const displayKind = (kind: string): string => DISPLAY_KIND.get(kind) ?? kind;
