// core/v1 Node (cluster-scoped): only its name and topology labels are read, which Istio adds to the
// labels of the pods scheduled on it (spec.nodeName).
import { z } from 'zod';
import { defineKind } from '../common.js';

export const nodeKind = defineKind({
  kind: 'Node',
  clusterScoped: true,
  group: '',
  versions: ['v1'],
  spec: z.object({}).loose(),
  strict: false,
});
