// apiextensions.k8s.io CustomResourceDefinition (cluster-scoped): only the name and the Gateway API
// bundle-version annotation are read.
import { z } from 'zod';
import { defineKind } from '../common.js';

export const customResourceDefinitionKind = defineKind({
  kind: 'CustomResourceDefinition',
  clusterScoped: true,
  group: 'apiextensions.k8s.io',
  versions: ['v1', 'v1beta1'],
  spec: z.object({}).loose(),
  strict: false,
});
