// The overlays the workspace applies, in order, and the store they build.
import { gatewayApiOverlay } from './gatewayApi/overlay.js';
import { ingressOverlay } from './ingress/index.js';
import type { Overlay } from './overlay.js';

export const OVERLAYS: readonly Overlay[] = [ingressOverlay, gatewayApiOverlay()];

export { applyOverlays, type ConfigStore } from './store.js';
export type { Derived, Overlay, OverlayResult } from './overlay.js';
