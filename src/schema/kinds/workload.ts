// core/v1 Pod and apps/v1 Deployment, StatefulSet, DaemonSet: pod labels and container ports are
// what Gateway selectors, Services and DestinationRule subsets match.
import { z } from 'zod';
import { defineKind, stringMap } from '../common.js';

const containerPort = z.object({
  name: z.string().nullish(),
  containerPort: z.number().int(),
  protocol: z.string().nullish(),
});

// Kubernetes treats a null list or map as empty; manifests in the wild carry `args:` with no value.
const container = z.object({
  name: z.string().nullish(),
  image: z.string().nullish(),
  args: z.array(z.string()).nullish(),
  ports: z.array(containerPort).nullish(),
});

export const podSpec = z.object({
  containers: z.array(container).nullish(),
  /** The Node the pod runs on: Istio adds that Node's topology labels to the pod's. */
  nodeName: z.string().nullish(),
  /** Its identity (spiffe://<trust domain>/ns/<ns>/sa/<name>): the SAN mTLS clients verify. */
  serviceAccountName: z.string().nullish(),
});
export type PodSpec = z.infer<typeof podSpec>;

const template = z.object({
  metadata: z
    .object({
      labels: stringMap.nullish(),
      annotations: stringMap.nullish(),
    })
    .nullish(),
  spec: podSpec.nullish(),
});

export const workloadSpec = z.object({
  replicas: z.number().int().nullish(),
  selector: z.object({ matchLabels: stringMap.nullish() }).nullish(),
  template: template.nullish(),
});
export type WorkloadSpec = z.infer<typeof workloadSpec>;

export const podKind = defineKind({ kind: 'Pod', group: '', versions: ['v1'], spec: podSpec, strict: false });
const apps = <const K extends string>(kind: K) =>
  defineKind({ kind, group: 'apps', versions: ['v1', 'v1beta1', 'v1beta2'], spec: workloadSpec, strict: false });
export const deploymentKind = apps('Deployment');
export const statefulSetKind = apps('StatefulSet');
export const daemonSetKind = apps('DaemonSet');
