// The files of named paths as they are at a git revision, read from the repository into memory
// (`gwctl diff --git-base <ref> [paths...]`): what the folder walk would read from a checkout of that
// revision, without one. Names are the ones the walk would give (the named path joined with the
// file's place under it), in the walk's order, so both sides of a diff name a file the same way.
//
// `git` runs without a shell, with argument arrays only: the ref is checked (no leading `-`, no
// control characters) and resolved to a commit id once, paths are given after `--` as literal
// pathspecs (GIT_LITERAL_PATHSPECS: no globs, no `:(magic)`), and everything after that names the
// commit by its hex id. File names come back NUL-separated (`-z`) and are data. Output is capped: a
// listing larger than MAX_LISTING_BYTES or blobs past the size limits are refused, and every call has
// a timeout.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { finding, type Finding } from '../diagnostics/finding.js';
import { UsageError } from '../diagnostics/usageError.js';
import type { SourceFile } from './parseDocuments.js';

export interface GitRevisionOptions {
  /** Where the command runs (the repository is found from there, as `git` finds it). */
  cwd: string;
  /** The environment `git` runs with (the caller's; gwctl adds only what makes it safe and quiet). */
  env: Readonly<Record<string, string | undefined>>;
  ref: string;
  /** As the user named them, relative to `cwd` or absolute; must lie inside the repository. */
  paths: readonly string[];
  /** Size cap of one file (larger ones are skipped with GW0011, as the walk does). */
  maxFileBytes: number;
  /** Cap of all files together. */
  maxTotalBytes?: number;
  /** The git executable (default `git` on PATH). */
  git?: string;
  /** Per call, in milliseconds (default 120 s). */
  timeoutMs?: number;
}

export interface GitRevision {
  /** The commit `ref` resolved to. */
  commit: string;
  files: SourceFile[];
  /** Files skipped (too large, a name that is not UTF-8, a link that leads outside the named paths). */
  findings: Finding[];
  /** Named paths that do not exist at the revision (a folder the change adds): read as empty. */
  absent: string[];
}

const MANIFEST = /\.(ya?ml|json)$/i;
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
const DEFAULT_TOTAL_BYTES = 1024 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_REF_LENGTH = 1024;
const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Why `ref` cannot be used, or undefined when it can. */
export function refProblem(ref: string): string | undefined {
  if (ref === '') return 'the ref is empty';
  if (ref.length > MAX_REF_LENGTH) return `the ref is longer than ${MAX_REF_LENGTH} characters`;
  if (ref.startsWith('-')) return 'a ref cannot start with "-"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(ref)) return 'the ref contains control characters';
  return undefined;
}

function gitEnv(env: GitRevisionOptions['env']): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  // Literal pathspecs, no prompts, no optional locks, and messages we can recognise.
  return { ...out, GIT_LITERAL_PATHSPECS: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

interface Run {
  cwd: string;
  env: NodeJS.ProcessEnv;
  git: string;
  timeoutMs: number;
}

function git(run: Run, args: readonly string[], maxBytes = MAX_LISTING_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(run.git, [...args], { cwd: run.cwd, env: run.env, encoding: 'buffer', maxBuffer: maxBytes, timeout: run.timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = typeof err === 'object' && 'code' in err ? err.code : undefined;
      if (code === 'ENOENT') return reject(new UsageError('--git-base needs git: no git executable found on PATH'));
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new UsageError(`git ${args[0] ?? ''} printed more than ${maxBytes} bytes; name narrower paths`));
      const detail = Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim().split('\n')[0] ?? '' : '';
      reject(new GitFailure(detail));
    });
  });
}

/** git exited with an error; `detail` is its first line of stderr. */
class GitFailure extends Error {}

/** One entry of `git ls-tree -r -z -l`. */
interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
  /** The path in the repository; undefined when it is not UTF-8. */
  name: string | undefined;
  /** The path as lossy text, for messages. */
  shown: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const rec = out.subarray(start, end);
    start = end + 1;
    const tab = rec.indexOf(9);
    if (tab < 0) continue;
    const [mode = '', type = '', object = '', size = '-'] = rec.subarray(0, tab).toString('latin1').split(/ +/);
    const rawName = rec.subarray(tab + 1);
    let name: string | undefined;
    try {
      name = utf8.decode(rawName);
    } catch {
      name = undefined;
    }
    entries.push({ mode, type, object, size: size === '-' ? 0 : Number(size), name, shown: rawName.toString('utf8') });
  }
  return entries;
}

/** Blobs by object id, read in one `git cat-file --batch`, capped at `limit` bytes of output. */
function readBlobs(run: Run, ids: readonly string[], limit: number): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.git, ['cat-file', '--batch'], { cwd: run.cwd, env: run.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(e);
    };
    const timer = setTimeout(() => fail(new UsageError('git cat-file took too long')), run.timeoutMs);
    child.on('error', (e) => fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? new UsageError('--git-base needs git: no git executable found on PATH') : e));
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) fail(new UsageError(`the files at the revision are larger than ${limit} bytes together`));
      else chunks.push(c);
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failed) return;
      if (code !== 0) return fail(new UsageError(`git cat-file failed (exit ${code ?? 'signal'})`));
      const out = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const nl = out.indexOf(10, at);
        if (nl < 0) break;
        const [id = '', type = '', len = ''] = out.subarray(at, nl).toString('latin1').split(' ');
        at = nl + 1;
        if (type === 'missing' || len === '') continue;
        const n = Number(len);
        blobs.set(id, out.subarray(at, at + n));
        at += n + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(ids.map((id) => `${id}\n`).join(''));
  });
}

/** The walk's order: by path segments, each compared as the walk sorts names. */
function walkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] ?? '';
    const q = y[i] ?? '';
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

const mib = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

function skipped(p: string, reason: string): Finding {
  return finding('GW0011', { path: p, reason }, { at: { file: p, doc: -1, path: [] } });
}

function realOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

/** A named path as a path in the repository (posix separators, '' for the top), or a usage error. */
function repoPath(top: string, cwd: string, p: string): string {
  const abs = path.resolve(realOr(cwd), p);
  // The deepest part that exists on disk is resolved through links, like git resolves the work tree.
  let existing = abs;
  let rest = '';
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    rest = rest ? path.join(path.basename(existing), rest) : path.basename(existing);
    existing = path.dirname(existing);
  }
  const rel = path.relative(realOr(top), path.join(realOr(existing), rest));
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${p} is outside the git repository at ${top}`);
  return rel.split(path.sep).filter((s) => s !== '' && s !== '.').join('/');
}

export async function readGitRevision(o: GitRevisionOptions): Promise<GitRevision> {
  const problem = refProblem(o.ref);
  if (problem) throw new UsageError(`--git-base ${JSON.stringify(o.ref)}: ${problem}`);
  if (o.paths.includes('-')) throw new UsageError('--git-base reads the named paths at the revision; stdin (-) has no revision');
  const run: Run = { cwd: o.cwd, env: gitEnv(o.env), git: o.git ?? 'git', timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  let top: string;
  try {
    top = (await git(run, ['rev-parse', '--show-toplevel'])).toString('utf8').replace(/\n$/, '');
  } catch (e) {
    if (e instanceof GitFailure) throw new UsageError(`--git-base: ${o.cwd} is not inside a git repository (${e.message})`);
    throw e;
  }
  let commit: string;
  try {
    commit = (await git(run, ['rev-parse', '--verify', '--quiet', `${o.ref}^{commit}`])).toString('latin1').trim();
  } catch (e) {
    if (e instanceof GitFailure) throw new UsageError(`--git-base: ${JSON.stringify(o.ref)} is not a commit of this repository`);
    throw e;
  }
  if (!COMMIT.test(commit)) throw new UsageError(`--git-base: ${JSON.stringify(o.ref)} did not resolve to one commit`);

  const named = o.paths.map((p) => ({ shown: p, repo: repoPath(top, o.cwd, p) }));
  const result: GitRevision = { commit, files: [], findings: [], absent: [] };
  const chosen: { shown: string; entry: TreeEntry }[] = [];
  const seen = new Set<string>();
  const symlinks: { shown: string; entry: TreeEntry; dir: string }[] = [];
  const inside = (repo: string): boolean => named.some((n) => n.repo === '' || repo === n.repo || repo.startsWith(`${n.repo}/`));
  /** Every path under the named paths at the commit, files and the folders holding them: where a link inside them may lead. */
  const present = new Set<string>();
  for (const n of named) {
    // `--full-tree` names paths from the top whatever the cwd; the literal pathspec lists the path and what is under it.
    const listing = parseTree(await git(run, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--', ...(n.repo === '' ? [] : [n.repo])]));
    const mine = listing.filter((t) => t.name === undefined || n.repo === '' || t.name === n.repo || t.name.startsWith(`${n.repo}/`));
    if (mine.length === 0) {
      result.absent.push(n.shown);
      continue;
    }
    for (const t of mine) {
      if (t.name === undefined) continue;
      for (let at = t.name; at !== '' && !present.has(at); at = at.includes('/') ? at.slice(0, at.lastIndexOf('/')) : '') present.add(at);
    }
    const isFile = mine.length === 1 && mine[0]?.name === n.repo && n.repo !== '';
    const entries = mine.filter((t) => t.name === undefined || isFile || MANIFEST.test(t.name) || t.mode === '120000');
    entries.sort((a, b) => walkOrder(a.name ?? a.shown, b.name ?? b.shown));
    // A named folder with no manifests at all is reported as the walk reports it (GW0010).
    if (!isFile && !entries.some((t) => t.mode !== '120000' && t.name !== undefined && !seen.has(t.name))) {
      result.findings.push(finding('GW0010', { path: n.shown }, { at: { file: n.shown, doc: -1, path: [] } }));
    }
    for (const t of entries) {
      const under = t.name === undefined ? t.shown : n.repo === '' ? t.name : t.name.slice(n.repo.length + 1);
      const shown = isFile ? n.shown : path.join(n.shown, ...under.split('/'));
      if (t.name === undefined) {
        result.findings.push(skipped(shown, 'its name is not UTF-8 text (rename it)'));
        continue;
      }
      if (seen.has(t.name)) continue;
      seen.add(t.name);
      if (t.mode === '160000') continue; // a submodule: not part of this repository's tree
      if (t.mode === '120000') {
        symlinks.push({ shown, entry: t, dir: path.posix.dirname(t.name) });
        continue;
      }
      if (t.type !== 'blob') continue;
      if (t.size > o.maxFileBytes) {
        result.findings.push(skipped(shown, `larger than ${mib(o.maxFileBytes)} (the limit for one input)`));
        continue;
      }
      chosen.push({ shown, entry: t });
    }
  }
  const total = chosen.reduce((n, c) => n + c.entry.size, 0) + symlinks.reduce((n, s) => n + s.entry.size, 0);
  const limit = o.maxTotalBytes ?? DEFAULT_TOTAL_BYTES;
  if (total > limit) throw new UsageError(`the files at ${o.ref} are larger than ${mib(limit)} together; name narrower paths`);
  const ids = [...new Set([...chosen, ...symlinks].map((c) => c.entry.object))].filter((id) => COMMIT.test(id));
  const blobs = ids.length > 0 ? await readBlobs(run, ids, total + ids.length * 100 + 1024) : new Map<string, Buffer>();
  // A link whose target lies inside the named paths is read under the target's own name, as the walk
  // reads each real file once; one that leads outside is reported, never followed.
  for (const s of symlinks) {
    const target = blobs.get(s.entry.object)?.toString('utf8') ?? '';
    const resolved = path.posix.normalize(path.posix.join(s.dir, target));
    if (path.posix.isAbsolute(target) || resolved.startsWith('..') || !inside(resolved)) {
      result.findings.push(skipped(s.shown, `symbolic link to ${target}, outside the folders named on the command line`));
    } else if (resolved !== '.' && !present.has(resolved)) {
      // What the walk says of a link whose target is gone: nothing is read through it, and the user is told.
      result.findings.push(skipped(s.shown, `symbolic link to ${target}: no such file or folder at ${commit}`));
    }
  }
  for (const c of chosen) {
    const bytes = blobs.get(c.entry.object);
    if (bytes) result.files.push({ name: c.shown, bytes });
    else result.findings.push(skipped(c.shown, `missing from the repository at ${commit}`));
  }
  return result;
}
