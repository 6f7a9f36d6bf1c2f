// core/v1 Service: selector and ports are what gateway translation and cluster naming read.
import { z } from 'zod';
import { defineKind, intOrString, stringMap } from '../common.js';

export const servicePort = z.object({
  name: z.string().optional(),
  port: z.number().int().min(1, { error: 'port must be 1-65535' }).max(65535, { error: 'port must be 1-65535' }),
  targetPort: intOrString.optional(),
  protocol: z.string().optional(),
  appProtocol: z.string().optional(),
  nodePort: z.number().int().optional(),
});
export type ServicePort = z.infer<typeof servicePort>;

export const serviceSpec = z.object({
  selector: stringMap.nullish(),
  ports: z.array(servicePort).nullish(),
  type: z.string().optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  externalName: z.string().optional(),
});
export type ServiceSpec = z.infer<typeof serviceSpec>;

export const serviceKind = defineKind({
  kind: 'Service',
  group: '',
  versions: ['v1'],
  spec: serviceSpec,
  strict: false,
});
