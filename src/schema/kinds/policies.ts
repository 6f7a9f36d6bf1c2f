// Istio policy kinds (AuthorizationPolicy, RequestAuthentication, Telemetry, WasmPlugin, PeerAuthentication), loosely:
// gwctl reads only how they pick workloads (selector, targetRef/targetRefs). Their own fields are
// not validated here.
import { z } from 'zod';
import { defineKind, stringMap } from '../common.js';

const targetRef = z.object({ group: z.string().nullish(), kind: z.string().nullish(), name: z.string().nullish(), namespace: z.string().nullish() }).loose();

export const policySpec = z
  .object({
    selector: z.object({ matchLabels: stringMap.nullish() }).loose().nullish(),
    targetRef: targetRef.nullish(),
    targetRefs: z.array(targetRef).nullish(),
  })
  .loose();
export type PolicySpec = z.infer<typeof policySpec>;

const policy = <const K extends string>(kind: K, group: string, versions: readonly string[]) => defineKind({ kind, group, versions, spec: policySpec, strict: false });

export const authorizationPolicyKind = policy('AuthorizationPolicy', 'security.istio.io', ['v1', 'v1beta1']);
export const requestAuthenticationKind = policy('RequestAuthentication', 'security.istio.io', ['v1', 'v1beta1']);
export const telemetryKind = policy('Telemetry', 'telemetry.istio.io', ['v1', 'v1alpha1']);
export const wasmPluginKind = policy('WasmPlugin', 'extensions.istio.io', ['v1alpha1']);

const mtls = z.object({ mode: z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']).nullish() }).loose();

/** PeerAuthentication: the mTLS mode a workload accepts (decides auto mTLS and the inbound chains). */
export const peerAuthenticationSpec = z
  .object({
    selector: z.object({ matchLabels: stringMap.nullish() }).loose().nullish(),
    mtls: mtls.nullish(),
    portLevelMtls: z.record(z.string(), mtls).nullish(),
  })
  .loose();
export type PeerAuthenticationSpec = z.infer<typeof peerAuthenticationSpec>;

export const peerAuthenticationKind = defineKind({ kind: 'PeerAuthentication', group: 'security.istio.io', versions: ['v1', 'v1beta1'], spec: peerAuthenticationSpec, strict: false });
