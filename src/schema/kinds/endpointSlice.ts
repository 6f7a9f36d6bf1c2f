// discovery.k8s.io/v1 EndpointSlice: the endpoint addresses of a Service (label
// kubernetes.io/service-name). Only the sidecar derivation reads it, for the per-endpoint listeners
// istiod builds for headless Services. It has no `spec`: its top-level fields are parsed as one.
import { z } from 'zod';
import { defineKind } from '../common.js';

const endpoint = z.object({
  addresses: z.array(z.string()).nullish(),
  conditions: z
    .object({ ready: z.boolean().nullish(), serving: z.boolean().nullish(), terminating: z.boolean().nullish() })
    .nullish(),
  hostname: z.string().nullish(),
  targetRef: z.object({ kind: z.string().nullish(), name: z.string().nullish(), namespace: z.string().nullish() }).nullish(),
});

const endpointPort = z.object({
  name: z.string().nullish(),
  port: z.number().int().nullish(),
  protocol: z.string().nullish(),
  appProtocol: z.string().nullish(),
});

export const endpointSliceSpec = z.object({
  addressType: z.string().nullish(),
  endpoints: z.array(endpoint).nullish(),
  ports: z.array(endpointPort).nullish(),
});
export type EndpointSliceSpec = z.infer<typeof endpointSliceSpec>;

export const endpointSliceKind = defineKind({
  kind: 'EndpointSlice',
  group: 'discovery.k8s.io',
  versions: ['v1'],
  spec: endpointSliceSpec,
  strict: false,
  specFields: ['addressType', 'endpoints', 'ports'],
});
