// Hostile inputs shared by the issue-13 tests: manifests and file names written the way an attacker
// writing a pull request would write them. Data only; each test decides what to run on them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Text that a terminal or a CI log would interpret: a forged workflow command, line erasure, bidi. */
export const FORGED = '\n::error file=README.md,line=1::forged\r\u001b[2K\u001b]0;title\u0007\u202e\u009b31m';

/** A mesh whose keys, values and names carry FORGED, valid enough to reach every stage. */
export function hostileMesh(): string {
  const s = JSON.stringify;
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${s(`gw${FORGED}`)}, namespace: default}
spec:
  selector: {istio: ingressgateway, ${s(`lbl${FORGED}`)}: ${s(`v${FORGED}`)}}
  servers:
  - port: {number: 80, name: ${s(`http${FORGED}`)}, protocol: HTTP}
    hosts: [${s(`*.example.com${FORGED}`)}, "shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: default}
spec:
  hosts: ["shop.example.com", ${s(`evil${FORGED}.example.com`)}]
  gateways: [gw, ${s(`missing${FORGED}`)}]
  ${s(`rout${FORGED}`)}: []
  http:
  - match:
    - uri: {prefix: ${s(`/api${FORGED}`)}}
      headers:
        ${s(`x-h${FORGED}`)}: {exact: ${s(`v${FORGED}`)}}
    - uri: {regex: ${s(`/re${FORGED}`)}}
    route:
    - destination: {host: ${s(`svc${FORGED}`)}}
  - route:
    - destination: {host: shop}
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: default}
spec:
  selector: {app: shop}
  ports: [{name: ${s(`http${FORGED}`)}, port: 80}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${s(`dr${FORGED}`)}, namespace: default}
spec:
  host: shop
  subsets: [{name: ${s(`v1${FORGED}`)}, labels: {${s(`k${FORGED}`)}: x}}]
`;
}

/** A folder holding the hostile mesh under a hostile file name, plus a broken file with one too. */
export function hostileFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gwctl-hostile-'));
  const sub = path.join(dir, 'manifests');
  mkdirSync(sub);
  writeFileSync(path.join(sub, `mesh${FORGED}.yaml`), hostileMesh());
  writeFileSync(path.join(sub, `broken${FORGED}.yaml`), `a: [${FORGED}\n`);
  return sub;
}
