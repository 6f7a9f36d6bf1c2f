// core/v1 Namespace: its labels (injection, ambient) are read by some analyzers.
import { z } from 'zod';
import { defineKind } from '../common.js';

export const namespaceKind = defineKind({
  kind: 'Namespace',
  clusterScoped: true,
  group: '',
  versions: ['v1'],
  spec: z.object({}).loose(),
  strict: false,
});
