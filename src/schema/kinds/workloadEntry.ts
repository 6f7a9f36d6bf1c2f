// networking.istio.io WorkloadEntry, loosely: only its status conditions are read so far.
import { z } from 'zod';
import { defineKind } from '../common.js';

export const workloadEntryKind = defineKind({
  kind: 'WorkloadEntry',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: z.object({}).loose(),
  strict: false,
});
