// Bad inputs too large (or too special) to commit: written at run time into a temp folder.
// fixtures/invalid/cases.json names them by `generated`; fixtures/invalid/README.md describes them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COMPANION = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: companion\nspec:\n  ports:\n  - port: 80\n---\n';

const GATEWAY =
  'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: istio-system\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n---\n';

const vsWithHosts = (name: string, hosts: string, gateways = ''): string =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n${gateways}  hosts:\n${hosts}  http:\n  - route:\n    - destination:\n        host: companion\n`;

/** Writes one generated input under `dir`; returns its path, or undefined when the platform cannot make it. */
export type Generator = (dir: string) => string | undefined;

export const GENERATORS: Record<string, Generator> = {
  /** 20 MB: a kubectl dump whose ConfigMap carries a 20 MB blob, plus one Service. */
  'big-20mb.yaml': (dir) => {
    const blob = 'x'.repeat(20 * 1024 * 1024);
    return write(dir, 'big-20mb.yaml', `${COMPANION}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: ${blob}\n`);
  },
  /** 20 MB of real documents (about 120,000 Services). */
  'big-20mb-resources.yaml': (dir) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const d = `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns-${i % 50}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\n`;
      parts.push(d);
      size += d.length;
    }
    return write(dir, 'big-20mb-resources.yaml', parts.join(''));
  },
  /** 10,000 levels of flow-style nesting in YAML. */
  'deep-10k.yaml': (dir) => write(dir, 'deep-10k.yaml', `${COMPANION}apiVersion: v1\nkind: Service\nmetadata:\n  name: deep\nspec:\n  selector: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
  /** 1,000 levels of block (indented) nesting: 10,000 would be a 100 MB file. */
  'deep-1k-block.yaml': (dir) =>
    write(
      dir,
      'deep-1k-block.yaml',
      `${COMPANION}apiVersion: v1\nkind: Service\nmetadata:\n  name: deep\nspec:\n${Array.from({ length: 1000 }, (_, d) => `${' '.repeat(d + 1)}k:`).join('\n')} 1\n`,
    ),
  /** 10,000 levels of nesting in JSON, inside a field the schema reads. */
  'deep-10k.json': (dir) =>
    write(
      dir,
      'deep-10k.json',
      `{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "deep"},\n "spec": {"hosts": ["a.example.com"], "http": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}\n`,
    ),
  /** 100,000 levels of nesting in JSON, in a field nobody reads (`status`). */
  'deep-100k-status.json': (dir) =>
    write(
      dir,
      'deep-100k-status.json',
      `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "deep"}, "spec": {"ports": [{"port": 80}]},\n "status": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n`,
    ),
  /** A 1 MB host name. */
  'long-host.yaml': (dir) => write(dir, 'long-host.yaml', COMPANION + vsWithHosts('long', `  - ${'a'.repeat(1024 * 1024)}.example.com\n`)),
  /** 100,000 distinct hosts on one VirtualService bound to a `*` gateway server: 100,000 virtual hosts. */
  'many-hosts.yaml': (dir) =>
    write(
      dir,
      'many-hosts.yaml',
      COMPANION + GATEWAY + vsWithHosts('many', Array.from({ length: 100_000 }, (_, k) => `  - h${k}.example.com\n`).join(''), '  gateways: [istio-system/gw]\n'),
    ),
  /** 100,000 copies of one host (5·10⁹ overlapping pairs) on a gateway-bound VirtualService. */
  'many-hosts-same.yaml': (dir) =>
    write(dir, 'many-hosts-same.yaml', COMPANION + vsWithHosts('same', '  - a.example.com\n'.repeat(100_000), '  gateways: [istio-system/gw]\n')),
  /** A folder holding a link to itself, next to a real manifest. */
  'symlink-loop': (dir) => {
    const d = path.join(dir, 'symlink-loop');
    mkdirSync(d);
    writeFileSync(path.join(d, 'companion.yaml'), COMPANION);
    symlinkSync('.', path.join(d, 'self'));
    symlinkSync('b.yaml', path.join(d, 'a.yaml'));
    symlinkSync('a.yaml', path.join(d, 'b.yaml'));
    return d;
  },
  /** A file link pointing at itself, named directly. */
  'self-link.yaml': (dir) => {
    const p = path.join(dir, 'self-link.yaml');
    symlinkSync('self-link.yaml', p);
    return p;
  },
  /** A FIFO named directly: reading it would block forever. */
  'fifo.yaml': (dir) => mkfifo(path.join(dir, 'fifo.yaml')),
  /** A FIFO with a manifest name inside a folder. */
  'fifo-folder': (dir) => {
    const d = path.join(dir, 'fifo-folder');
    mkdirSync(d);
    writeFileSync(path.join(d, 'companion.yaml'), COMPANION);
    return mkfifo(path.join(d, 'pipe.yaml')) ? d : undefined;
  },
  /** A device that never ends. */
  '/dev/zero': () => '/dev/zero',
};

function write(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function mkfifo(p: string): string | undefined {
  const r = spawnSync('mkfifo', [p]);
  return r.status === 0 ? p : undefined;
}
