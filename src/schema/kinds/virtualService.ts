// networking.istio.io VirtualService (istio.io/api networking/v1alpha3 virtual_service.proto, served
// as v1, v1beta1 and v1alpha3): the spec (virtualServiceSpec.ts) and Istio's webhook checks
// (virtualServiceValidation.ts) put together.
import { defineKind } from '../common.js';
import { virtualServiceSpec } from './virtualServiceSpec.js';
import { validateVirtualService } from './virtualServiceValidation.js';

export * from './virtualServiceSpec.js';

export const virtualServiceKind = defineKind({
  kind: 'VirtualService',
  group: 'networking.istio.io',
  versions: ['v1', 'v1beta1', 'v1alpha3'],
  spec: virtualServiceSpec,
  strict: true,
  semantic: (spec, _name, report) => validateVirtualService(spec, report),
});
