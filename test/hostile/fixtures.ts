// Hostile inputs shared by the issue-13 tests (the one table of them): strings, manifests and file
// names written the way an attacker writing a pull request would write them, and the one check of
// what may come out. Each test decides what to run on them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Text that a terminal or a CI log would interpret: a forged workflow command after a line feed, line
 * erasure, a window title, bidi override, CSI; then the commands a CI agent finds anywhere in a line
 * (`##[error]`, Azure's `##vso[`), separators and a `::` after a no-break space.
 */
export const FORGED = '\n::error file=README.md,line=1::forged\r\u001b[2K\u001b]0;title\u0007\u202e\u009b31m ##[error]legacy ##vso[task.setvariable variable=x]1\u2028\u0085\u00a0::warning::nbsp';

/** Text that Markdown, HTML or XML would interpret: a code span breaker, a table cell break, tags, a mention, a link, a comment, CDATA. */
export const MARKUP = '`` x``|</details><img src=x onerror=alert(1)> @octocat [a](http://evil) <!-- </testcase>]]><![CDATA[ &amp;';

/** File names that start a line of output when named as they are: a workflow command, after spaces, after a no-break space. */
export const LINE_START_NAMES = ['::error::at-start.yaml', ' ::warning::indented.yaml', '\u00a0::notice::nbsp.yaml'] as const;

/** Anything but LF (gwctl's own line ends) that a terminal or log viewer acts on, or that XML cannot carry. */
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/;

/** gwctl's own GitHub annotation (`-o github`): a known command, properties, then the message. */
const OWN_ANNOTATION = /^::(error|warning|notice) [^\n]*::/;

/**
 * What a terminal or a CI log would act on in one stream of gwctl's output: a control character, a
 * line a CI agent reads as a command (after leading white space `::name`, as actions/runner trims it;
 * `##[name]` or `##vso[` anywhere in the line), a stack trace. `annotations`: the stream is `-o github`
 * output, whose own annotation lines are commands by design (and whose messages the runner does not
 * read again). Empty when the stream is clean.
 */
export function outputProblems(text: string, opts: { annotations?: boolean } = {}): string[] {
  const problems: string[] = [];
  const bad = CONTROL.exec(text);
  if (bad) problems.push(`raw U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, bad.index - 40), bad.index + 10))}`);
  for (const line of text.split('\n')) {
    if (opts.annotations && OWN_ANNOTATION.test(line)) continue;
    if (/^\s*::[A-Za-z]/.test(line)) problems.push(`a workflow command: ${JSON.stringify(line.slice(0, 120))}`);
    if (/##[A-Za-z]*\[/.test(line)) problems.push(`a ##[ command: ${JSON.stringify(line.slice(0, 120))}`);
  }
  if (/^\s+at .+:\d+:\d+\)?$|internal error/m.test(text)) problems.push('an internal error or a stack trace');
  return problems;
}

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
    hosts: ["shop.example.com", "named.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: named, namespace: default}
spec:
  hosts: ["named.example.com"]
  gateways: [gw]
  http:
  - name: ${s(`route${FORGED}${MARKUP}`)}
    match:
    - uri: {prefix: /m}
      headers: {x-h: {prefix: v}, constructor: {exact: c}, __proto__: {exact: p}}
    - uri: {exact: ${s(`/x${FORGED}${MARKUP}`)}}
    rewrite: {uri: ${s(`/rewritten${MARKUP.replace(/ /g, '')}`)}}
    headers: {response: {add: {x-add: ${s(`a ##[error]x ::error::y ${MARKUP}`)}}}}
    route:
    - destination: {host: shop}
      headers: {request: {set: {x-set: ${s(`::error::v ##[error] ${MARKUP}`)}}, remove: [x-rm]}}
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

/** Markdown with code spans and fenced blocks taken out: what GitHub would interpret as Markdown or HTML. */
export function markdownOutsideCode(md: string): string {
  let out = '';
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})/.exec(lines[i] ?? '');
    if (fence) {
      const close = fence[1] ?? '```';
      i++;
      while (i < lines.length && lines[i] !== close) i++;
      continue;
    }
    out += `${(lines[i] ?? '').replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '')}\n`;
  }
  return out;
}
