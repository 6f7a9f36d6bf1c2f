// networking.istio.io WorkloadEntry, loosely: its address, ports and labels (endpoints of the
// ServiceEntries and Services that select it) and its status conditions.
import { z } from 'zod';
import { defineKind, stringMap } from '../common.js';

export const workloadEntrySpec = z
  .object({
    address: z.string().nullish(),
    ports: z.record(z.string(), z.number().int()).nullish(),
    labels: stringMap.nullish(),
    network: z.string().nullish(),
    locality: z.string().nullish(),
    weight: z.number().int().nullish(),
    serviceAccount: z.string().nullish(),
  })
  .loose();

export const workloadEntryKind = defineKind({
  kind: 'WorkloadEntry',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: workloadEntrySpec,
  strict: false,
});
