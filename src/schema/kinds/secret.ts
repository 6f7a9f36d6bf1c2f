// core/v1 Secret: a Secret has no `spec`; its top-level `type`, `data` (base64) and `stringData`
// form the parsed spec. Only the gateway credential check reads it, and never prints the values.
import { z } from 'zod';
import { defineKind, stringMap } from '../common.js';

export const secretSpec = z.object({
  type: z.string().nullish(),
  data: stringMap.nullish(),
  stringData: stringMap.nullish(),
});
export type SecretSpec = z.infer<typeof secretSpec>;

export const secretKind = defineKind({
  kind: 'Secret',
  group: '',
  versions: ['v1'],
  spec: secretSpec,
  strict: false,
  specFields: ['type', 'data', 'stringData'],
});
