// networking.k8s.io/v1 Ingress and IngressClass: what Istio's ingress controller reads to turn an
// Ingress into a Gateway and VirtualServices (pilot/pkg/config/kube/ingress). Loose Kubernetes
// objects: gwctl reads rules, TLS, the class and the backends' service name and port.
import { z } from 'zod';
import { defineKind } from '../common.js';

const backendPort = z.object({ number: z.number().int().nullish(), name: z.string().nullish() });

export const ingressBackend = z.object({
  service: z.object({ name: z.string(), port: backendPort.nullish() }).nullish(),
  resource: z.object({ kind: z.string().nullish(), name: z.string().nullish() }).loose().nullish(),
});
export type IngressBackend = z.infer<typeof ingressBackend>;

const httpPath = z.object({
  path: z.string().nullish(),
  pathType: z.string().nullish(),
  backend: ingressBackend,
});

export const ingressRule = z.object({
  host: z.string().nullish(),
  http: z.object({ paths: z.array(httpPath).nullish() }).nullish(),
});
export type IngressRule = z.infer<typeof ingressRule>;

export const ingressSpec = z.object({
  ingressClassName: z.string().nullish(),
  defaultBackend: ingressBackend.nullish(),
  rules: z.array(ingressRule).nullish(),
  tls: z.array(z.object({ hosts: z.array(z.string()).nullish(), secretName: z.string().nullish() })).nullish(),
});
export type IngressSpec = z.infer<typeof ingressSpec>;

export const ingressKind = defineKind({
  kind: 'Ingress',
  group: 'networking.k8s.io',
  versions: ['v1'],
  spec: ingressSpec,
  strict: false,
});

export const ingressClassSpec = z.object({ controller: z.string().nullish() });
export type IngressClassSpec = z.infer<typeof ingressClassSpec>;

export const ingressClassKind = defineKind({
  kind: 'IngressClass',
  clusterScoped: true,
  group: 'networking.k8s.io',
  versions: ['v1'],
  spec: ingressClassSpec,
  strict: false,
});
