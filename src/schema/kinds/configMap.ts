// core/v1 ConfigMap: a ConfigMap has no `spec`; its top-level `data` forms the parsed spec. Read by
// the Gateway API conversion (a CA bundle under `ca.crt`, a Gateway's infrastructure.parametersRef).
import { z } from 'zod';
import { defineKind, stringMap } from '../common.js';

export const configMapSpec = z.object({
  data: stringMap.nullish(),
  binaryData: stringMap.nullish(),
});
export type ConfigMapSpec = z.infer<typeof configMapSpec>;

export const configMapKind = defineKind({
  kind: 'ConfigMap',
  group: '',
  versions: ['v1'],
  spec: configMapSpec,
  strict: false,
  specFields: ['data', 'binaryData'],
});
