// Large single inputs, as CI meets them: a 60 MB `kubectl get -o yaml` dump (one `kind: List` with
// managedFields, annotations and status, mixed kinds) and 200 MB of Services in one multi-document
// file. Each gwctl command runs as a real process (output to /dev/null) and is compared with a bare
// js-yaml parse of the same file (issue 13: within 3x, no internal error).
// `node dist/bench/largeInputs.js [dump|services]...` (both by default); GWCTL_LARGE_MB scales them;
// GWCTL_LARGE_ONLY=validate,analyze runs only those commands; GWCTL_LARGE_DIR keeps the generated files in that folder (to profile one command on them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scale = Number(process.env['GWCTL_LARGE_MB'] ?? 1);

/** A kubectl dump item: what `kubectl get -o yaml` prints for one object, noise included. */
function dumpItem(i: number): string {
  const ns = `team-${i % 40}`;
  const meta = (kind: string, name: string): string => `  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"${kind}","metadata":{"annotations":{},"name":"${name}","namespace":"${ns}"}}
    creationTimestamp: "2026-01-0${(i % 9) + 1}T10:00:00Z"
    generation: ${i % 7}
    labels:
      app: app-${i}
      app.kubernetes.io/part-of: shop
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations:
            .: {}
            f:kubectl.kubernetes.io/last-applied-configuration: {}
          f:labels:
            .: {}
            f:app: {}
      manager: kubectl-client-side-apply
      operation: Update
      time: "2026-01-01T10:00:00Z"
    name: ${name}
    namespace: ${ns}
    resourceVersion: "${100000 + i}"
    uid: 6f1d${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-000000000000
`;
  switch (i % 5) {
    case 0:
      return `- apiVersion: v1
  kind: Service
${meta('Service', `app-${i}`)}  spec:
    clusterIP: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}
    ports:
    - name: http
      port: 80
      protocol: TCP
      targetPort: 8080
    selector:
      app: app-${i}
    type: ClusterIP
  status:
    loadBalancer: {}
`;
    case 1:
      return `- apiVersion: apps/v1
  kind: Deployment
${meta('Deployment', `app-${i - 1}`)}  spec:
    replicas: 2
    selector:
      matchLabels:
        app: app-${i - 1}
    template:
      metadata:
        labels:
          app: app-${i - 1}
          version: v1
      spec:
        containers:
        - image: registry.example.com/app:${i}
          name: app
          ports:
          - containerPort: 8080
            protocol: TCP
          resources:
            limits: {cpu: 500m, memory: 256Mi}
  status:
    availableReplicas: 2
    conditions:
    - lastTransitionTime: "2026-01-01T10:00:00Z"
      message: Deployment has minimum availability.
      reason: MinimumReplicasAvailable
      status: "True"
      type: Available
`;
    case 2:
      return `- apiVersion: networking.istio.io/v1
  kind: VirtualService
${meta('VirtualService', `app-${i - 2}`)}  spec:
    hosts:
    - app-${i - 2}.example.com
    gateways:
    - istio-system/main-gateway
    http:
    - match:
      - uri:
          prefix: /api
      route:
      - destination:
          host: app-${i - 2}
          subset: v1
          port:
            number: 80
`;
    case 3:
      return `- apiVersion: networking.istio.io/v1
  kind: DestinationRule
${meta('DestinationRule', `app-${i - 3}`)}  spec:
    host: app-${i - 3}
    subsets:
    - labels:
        version: v1
      name: v1
`;
    default:
      return `- apiVersion: v1
  kind: ConfigMap
${meta('ConfigMap', `cfg-${i}`)}  data:
    settings.json: '{"feature": true, "limit": ${i}}'
`;
  }
}

function kubectlDump(bytes: number): string {
  const head = `apiVersion: networking.istio.io/v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: Gateway
  metadata: {name: main-gateway, namespace: istio-system}
  spec:
    selector: {istio: ingressgateway}
    servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*.example.com"]}]
`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const item = dumpItem(i);
    parts.push(item);
    size += item.length;
  }
  parts.push('metadata:\n  resourceVersion: ""\n');
  return parts.join('').replace('apiVersion: networking.istio.io/v1\nkind: List', 'apiVersion: v1\nkind: List');
}

function services(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns-${i % 100}\n  labels: {app: svc-${i}}\nspec:\n  selector: {app: svc-${i}}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n  - {name: grpc, port: 9090}\n`;
    parts.push(doc);
    size += doc.length;
  }
  return parts.join('');
}

interface Measured {
  command: string;
  seconds: number;
  /** User + system CPU seconds: what the ratio uses, so that a busy machine does not skew it. */
  cpu: number;
  exit: number | null;
  maxRssMb: number;
  internalError: boolean;
}

function run(argv: string[], file: string): Measured {
  const out = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, path.join(repoRoot, 'bin', 'gwctl.js'), ...argv, file], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = (performance.now() - start) / 1000;
    const lines = r.stderr.trim().split('\n');
    const [rssKb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
    return { command: `gwctl ${argv.join(' ')}`, seconds, cpu: (user ?? NaN) + (sys ?? NaN), exit: r.status, maxRssMb: Math.round((rssKb ?? NaN) / 1024), internalError: /internal error|heap out of memory|Invalid string length/.test(r.stderr) };
  } finally {
    closeSync(out);
  }
}

/** A bare parse as a whole process too (Node's start included): reading, decoding, js-yaml loadAll. */
function baseline(file: string): Measured {
  const script = `import yaml from 'js-yaml'; import { readFileSync } from 'node:fs'; yaml.loadAll(new TextDecoder().decode(readFileSync(process.argv[1])));`;
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, '--input-type=module', '-e', script, file], { cwd: repoRoot, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  const [rssKb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { command: 'js-yaml loadAll', seconds, cpu: (user ?? NaN) + (sys ?? NaN), exit: r.status, maxRssMb: Math.round((rssKb ?? NaN) / 1024), internalError: r.status !== 0 };
}

const which = process.argv.slice(2);
const cases: [string, () => string, string[][]][] = [
  ['dump', () => kubectlDump(60e6 * scale), [['validate'], ['analyze'], ['proxy-config', 'cluster', '-o', 'json', '-f'], ['proxy-config', 'route', '-f']]],
  ['services', () => services(200e6 * scale), [['validate'], ['analyze'], ['proxy-config', 'cluster', '-o', 'json', '-f'], ['proxy-config', 'cluster', '-f']]],
];
const keep = process.env['GWCTL_LARGE_DIR'];
const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'gwctl-large-'));
try {
  for (const [name, make, commands] of cases) {
    if (which.length > 0 && !which.includes(name)) continue;
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, make());
    const mb = readFileSync(file).length / 1e6;
    const base = baseline(file);
    process.stdout.write(`${name}: ${mb.toFixed(0)} MB, bare js-yaml parse ${base.seconds.toFixed(1)} s (cpu ${base.cpu.toFixed(1)} s, max RSS ${base.maxRssMb} MB)\n`);
    const only = process.env['GWCTL_LARGE_ONLY']?.split(',');
    for (const argv of commands) {
      if (only !== undefined && !only.includes(argv.slice(0, 2).join(' ')) && !only.includes(argv[0] ?? '')) continue;
      const m = run(argv, file);
      process.stdout.write(`  ${m.command.padEnd(42)} ${m.seconds.toFixed(1).padStart(6)} s  cpu ${m.cpu.toFixed(1).padStart(6)} s  ${(m.cpu / base.cpu).toFixed(2)}x  exit ${m.exit}  max RSS ${m.maxRssMb} MB${m.internalError ? '  INTERNAL ERROR' : ''}\n`);
    }
  }
} finally {
  if (keep === undefined) rmSync(dir, { recursive: true, force: true });
}
