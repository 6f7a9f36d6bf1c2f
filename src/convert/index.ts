// The overlays the workspace applies, in order, and the store they build.
import { ingressOverlay } from './ingress/index.js';
import type { Overlay } from './overlay.js';

export const OVERLAYS: readonly Overlay[] = [ingressOverlay];

export { applyOverlays, type ConfigStore } from './store.js';
export type { Derived, Overlay, OverlayResult } from './overlay.js';
