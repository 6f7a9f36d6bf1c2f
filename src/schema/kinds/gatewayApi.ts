// Gateway API (gateway.networking.k8s.io) kinds, loosely: what the analyzers read. The Gateway API
// Gateway is modelled as the internal kind 'KubernetesGateway' so that it can never be taken for an
// Istio Gateway (the derivation reads index.ofKind('Gateway')); findings still print `Gateway`.
import { z } from 'zod';
import { defineKind } from '../common.js';

const GROUP = 'gateway.networking.k8s.io';
const VERSIONS = ['v1', 'v1beta1', 'v1alpha2'] as const;

const listener = z
  .object({
    name: z.string().nullish(),
    hostname: z.string().nullish(),
    port: z.number().int().nullish(),
    protocol: z.string().nullish(),
  })
  .loose();

export const kubernetesGatewaySpec = z
  .object({
    gatewayClassName: z.string().nullish(),
    listeners: z.array(listener).nullish(),
  })
  .loose();
export type KubernetesGatewaySpec = z.infer<typeof kubernetesGatewaySpec>;

const parentRef = z.object({ group: z.string().nullish(), kind: z.string().nullish(), name: z.string().nullish(), namespace: z.string().nullish() }).loose();

export const routeSpec = z
  .object({
    parentRefs: z.array(parentRef).nullish(),
    hostnames: z.array(z.string()).nullish(),
  })
  .loose();
export type RouteSpec = z.infer<typeof routeSpec>;

export const kubernetesGatewayKind = defineKind({
  kind: 'KubernetesGateway',
  documentKind: 'Gateway',
  group: GROUP,
  versions: VERSIONS,
  spec: kubernetesGatewaySpec,
  strict: false,
});
export const gatewayClassKind = defineKind({ kind: 'GatewayClass', group: GROUP, versions: VERSIONS, spec: z.object({}).loose(), strict: false });
export const httpRouteKind = defineKind({ kind: 'HTTPRoute', group: GROUP, versions: VERSIONS, spec: routeSpec, strict: false });
export const grpcRouteKind = defineKind({ kind: 'GRPCRoute', group: GROUP, versions: VERSIONS, spec: routeSpec, strict: false });
