// Building blocks shared by the kind schemas. Istio kinds use strict objects so that unknown
// fields become warnings; Kubernetes kinds use loose ones because gwctl reads only a few fields.
import { z } from 'zod';
import type { Path } from '../load/sourceMap.js';
import { dict } from '../load/dict.js';

export const metadata = z.object({
  name: z.string().min(1, { error: 'metadata.name must not be empty' }),
  namespace: z.string().optional(),
  // `labels:` or `annotations:` with no value is null in YAML and empty to the API server.
  labels: dict(z.string()).nullish().transform((v) => v ?? undefined).optional(),
  annotations: dict(z.string()).nullish().transform((v) => v ?? undefined).optional(),
  creationTimestamp: z.union([z.string(), z.date()]).optional(),
});
export type Metadata = z.infer<typeof metadata>;

/** protobuf uint32: JSON numbers only, never negative. */
export const uint32 = z
  .number()
  .int()
  .min(0, { error: 'must not be negative' })
  .max(4294967295, { error: 'must be at most 4294967295' });
/** protobuf int32. */
export const int32 = z.number().int().min(-2147483648).max(2147483647);

export const port = z.number().int().min(1, { error: 'port must be 1-65535' }).max(65535, { error: 'port must be 1-65535' });
/** Labels, selectors, header values: every key is data, `__proto__` included (dict.ts). */
export const stringMap = dict(z.string());
/** Kubernetes IntOrString (e.g. a Service targetPort). */
export const intOrString = z.union([z.number().int(), z.string()]);

/** Istio's StringMatch: exactly one of exact, prefix or regex. */
export const stringMatch = z.strictObject({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  regex: z.string().optional(),
});
export type StringMatch = z.infer<typeof stringMatch>;

/** protobuf Duration as YAML carries it: "1s", "0.5s", "100ms". */
export const duration = z.string().regex(/^\d+(\.\d+)?(h|m|s|ms|us|µs|ns)$/, { error: 'duration must look like "5s" or "100ms"' });

/** Reports a semantic (non-type) problem at a path relative to the object root. */
export interface SemanticReport {
  /** The object is refused (by the API server or Istio's webhook) and left out of what istiod would build. */
  error(path: Path, detail: string): void;
  /**
   * The API server refuses the object, but it is read as written (as names are, GW0016): where the rule
   * is about to change upstream and Istio's own tests convert such objects.
   */
  errorReadAsWritten(path: Path, detail: string): void;
  warning(path: Path, detail: string): void;
}

/** Definition of one kind gwctl models; the list of them is src/schema/kinds/index.ts. */
export interface KindDef<K extends string = string, S extends z.ZodType = z.ZodType> {
  /** The kind gwctl models it as (Resource['kind']); unique across groups. */
  kind: K;
  /**
   * The `kind:` documents carry, when it differs from `kind` (Gateway API Gateway -> KubernetesGateway);
   * findings name the resource by it, as istioctl does.
   */
  documentKind?: string;
  /** Namespace-less (Namespace, Node...): indexed and named without a namespace. */
  clusterScoped?: boolean;
  group: string;
  versions: readonly string[];
  /** Schema of `spec`. */
  spec: S;
  /** Whether unknown fields are reported (Istio kinds, mirrored field by field). */
  strict: boolean;
  /** Istio's webhook validation beyond types (spec §1.6). A method, so that every KindDef<K, S> is a KindDef. */
  semantic?(spec: z.output<S>, name: string, report: SemanticReport): void;
  /** Top-level fields other than spec that gwctl reads (e.g. Service `status` is ignored). */
  extra?: z.ZodRawShape;
  /** Kinds without `spec` (Secret): these top-level fields are parsed as the spec. */
  specFields?: readonly string[];
}

export const defineKind = <const K extends string, S extends z.ZodType>(def: KindDef<K, S>): KindDef<K, S> => def;
