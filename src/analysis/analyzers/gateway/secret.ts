// A Gateway server's tls.credentialName names a Secret in the namespace of the gateway workload (not
// of the Gateway resource); it must exist and hold a usable certificate, else the server's TLS fails.
import { defineAnalyzer } from '../../defineAnalyzer.js';
import { isUsableCredential, secretData } from '../../certificates.js';
import { selectorPath, selectorString, selectsDefaultGateway } from '../../labels.js';
import { podsByLabel as sharedPodsByLabel } from '../../workloads.js';

/** Istio's NewShortOrFullName: `ns/name`, else a name in `namespace`. */
function resolve(ref: string, namespace: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace, name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

export default defineAnalyzer({
  name: 'gateway/secret',
  description: "Checks that the Secrets named by a Gateway's credentialName exist and hold a valid certificate",
  inputs: ['Gateway', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Secret'],
  emits: ['IST0101', 'IST0161'],
  istio: 'gateway.SecretAnalyzer',
  analyze(ctx) {
    const podsByLabel = sharedPodsByLabel(ctx);
    const secretNamespaces = new Set(ctx.index.ofKind('Secret').map((s) => s.namespace));
    const now = ctx.settings.now ?? Date.now();
    // Istio takes the namespace of the first selected pod; an empty one counts as none. Many
    // Gateways share a selector: look each distinct one up once, through the label index.
    const namespaceOf = new Map<string, string>();
    for (const gw of ctx.index.ofKind('Gateway')) {
      const selector = gw.spec.selector ?? {};
      const key = selectorString(selector);
      let namespace = namespaceOf.get(key);
      if (namespace === undefined) namespaceOf.set(key, (namespace = podsByLabel.first(selector)?.namespace ?? ''));
      if (!namespace && ctx.settings.assumeDefaultGateway && selectsDefaultGateway(selector)) namespace = 'istio-system';
      if (!namespace) {
        ctx.report('IST0101', { kind: 'selector', name: selectorString(selector) }, { resource: gw, path: selectorPath(['spec', 'selector'], selector) });
        continue;
      }
      (gw.spec.servers ?? []).forEach((server, i) => {
        const credentialName = server.tls?.credentialName ?? '';
        if (!credentialName) return;
        const at = { resource: gw, path: ['spec', 'servers', i, 'tls', 'credentialName'] };
        const ref = resolve(credentialName, namespace);
        const secret = ctx.index.get('Secret', ref.namespace, ref.name);
        if (!secret) {
          // Manifests rarely include Secrets: with partial inputs, judge only namespaces whose Secrets are given.
          if (ctx.settings.partialInputs && !secretNamespaces.has(ref.namespace)) return;
          ctx.report('IST0101', { kind: 'credentialName', name: credentialName }, at);
          return;
        }
        if (!isUsableCredential(secretData(secret.spec, ctx.settings.kubernetesDefaults), now)) {
          ctx.report('IST0161', { gateway: gw.name, namespace }, at);
        }
      });
    }
  },
});
