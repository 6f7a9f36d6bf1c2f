// The Kubernetes Ingress overlay: what istiod's ingress controller adds to the config store.
import type { Overlay } from '../overlay.js';
import { convertIngresses } from './convert.js';

export const ingressOverlay: Overlay = {
  name: 'ingress',
  inputs: ['Ingress', 'IngressClass', 'Service'],
  outputs: ['Gateway', 'VirtualService'],
  convert(inputs) {
    const { gateways, virtualServices } = convertIngresses(inputs);
    return { resources: [...gateways, ...virtualServices], findings: [] };
  },
};

export { convertIngresses } from './convert.js';
