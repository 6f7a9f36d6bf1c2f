// The only module outside src/cli that touches the file system: paths -> bytes.
// Folders are walked recursively in a stable (byte-sorted) order; problems inside a folder are
// findings, while a path the user named that cannot be read is an input error (exit 2).
//
// The folders are often a pull request's, written by anyone, so the walk never leaves the folders
// the user named: a symbolic link is followed only when its target (its real path) lies inside one
// of them, and every real folder and file is read once. Links are followed after the real tree of a
// folder, so files keep their real names; each folder is listed once, so the walk is linear in the
// real entries whatever the links (a "diamond" of links to the next level, a link to `/`, loops).
//
// Synchronous calls on purpose: a repo of 20,000 small files costs one thread-pool round trip per
// stat/open/read/close when asynchronous, which took longer than parsing them (bench/RESULTS.md).
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { finding, type Finding } from '../diagnostics/finding.js';
import { isRecord } from './isRecord.js';
import type { SourceFile } from './parseDocuments.js';
import { excludeMatcher } from './glob.js';
import { readSource } from './readSource.js';

export interface ReadResult {
  files: SourceFile[];
  findings: Finding[];
  /** Paths the user named that could not be read at all. */
  errors: string[];
  /** Files and folders inside named folders that an exclude glob skipped (never read), with the glob. */
  excluded: { path: string; glob: string }[];
}

export interface ReadOptions {
  /** Larger files (and stdin) are refused rather than risk exhausting memory. */
  maxFileBytes?: number;
  /**
   * Globs (`--exclude`, `exclude:` in .gwctl.yaml) of the files and folders a folder walk skips,
   * matched against the path relative to the named folder (`/` separators); a glob without a `/`
   * matches the name at any depth (`*.tpl.yaml`, `node_modules`). A path named on the command line
   * is always read.
   */
  exclude?: readonly string[];
  /** Called with the bytes read so far after each file (to start work while the rest is read). */
  onRead?: (bytes: number) => void;
  /**
   * Each file as soon as it is read, in input order, instead of `files`: a caller that is done with a
   * file before the next one is read (validate) never holds the text of them all.
   */
  onFile?: (file: SourceFile) => void;
}

/** The default size cap of one file and of stdin (README "Limits"). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const MANIFEST = /\.(ya?ml|json)$/i;
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** `maxBytes` is a hint: the reader may stop after maxBytes + 1 bytes, which is enough to refuse. */
export type StdinReader = (maxBytes: number) => Promise<Uint8Array>;

export async function readInputs(paths: readonly string[], readStdin: StdinReader, options: ReadOptions = {}): Promise<ReadResult> {
  const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
  const result: ReadResult = { files: [], findings: [], errors: [], excluded: [] };
  const exclude = options.exclude ?? [];
  // Each glob compiled alone (linear time, src/load/glob.ts), so that --verbose can say which one skipped a path.
  const matchers = exclude.map((glob) => ({ glob, test: excludeMatcher([glob]) }));
  const isExcluded = (relative: string): string | undefined => matchers.find((m) => m.test(relative))?.glob;
  const onFile = options.onFile ?? ((file: SourceFile) => void result.files.push(file));
  const walk = new Walk(result, limit, namedFolders(paths), isExcluded, onFile, options.onRead, matchers.length > 0);
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (!stdinRead) {
        const bytes = await readStdin(limit);
        if (bytes.length > limit) result.errors.push(`cannot read <stdin>: larger than ${mib(limit)} (the limit for one input)`);
        else onFile({ name: '<stdin>', bytes });
      }
      stdinRead = true;
      continue;
    }
    walk.top(p);
  }
  return result;
}

const mib = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round((bytes / 1024) * 10) / 10} KiB`;

/** Real paths of the named folders: the only places a symbolic link may lead to. */
function namedFolders(paths: readonly string[]): string[] {
  const roots: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    try {
      if (fs.statSync(p).isDirectory()) roots.push(fs.realpathSync.native(p));
    } catch {
      // Reported when the path is read.
    }
  }
  return roots;
}

interface Pending {
  /** The path as the walk names it (under the named folder, through links). */
  shown: string;
  real: string;
}

class Walk {
  /** Real paths of the folders listed and the files read, across every named path. */
  private readonly seen = new Set<string>();

  /** The named folder being walked (as named): exclude globs are relative to it. */
  private base = '';
  /** Real paths of Helm chart templates and kustomize patches: not resources until rendered. */
  private readonly notResources = new Set<string>();

  /**
   * A folder's own layout, before its entries are read: a Helm chart (Chart.yaml) keeps its templates
   * in templates/, which are not manifests until rendered; a kustomization lists patches, which read
   * alone would replace the objects they patch. Both are left out, each with a finding that says how
   * to render the folder.
   */
  private layout(dir: Pending, entries: readonly fs.Dirent[]): void {
    // One pass over the names (this runs for every folder of the walk: no set or list of them).
    let chart = false;
    let templatesFolder = false;
    // The first of KUSTOMIZATION_NAMES present, in that order, as the kustomize CLI looks for them.
    let rank = KUSTOMIZATION_NAMES.length;
    for (const e of entries) {
      const name = e.name;
      if (name === 'Chart.yaml') chart = true;
      else if (name === 'templates') templatesFolder ||= e.isDirectory();
      else {
        const r = KUSTOMIZATION_NAMES.indexOf(name);
        if (r >= 0 && r < rank) rank = r;
      }
    }
    const kustomization = KUSTOMIZATION_NAMES[rank];
    if (chart && templatesFolder) {
      const templates = path.join(dir.real, 'templates');
      this.notResources.add(templates);
      this.result.findings.push(finding('GW0040', { path: dir.shown, skipped: [path.join(dir.shown, 'templates')] }, { at: { file: dir.shown, doc: -1, path: [] } }));
    }
    if (kustomization === undefined) return;
    const file = path.join(dir.shown, kustomization);
    for (const patch of kustomizePatches(file)) {
      const real = path.resolve(dir.real, patch);
      // Only patches inside this folder's tree are ones the walk would read.
      if (!real.startsWith(dir.real + path.sep) || !MANIFEST.test(real)) continue;
      this.notResources.add(real);
      this.result.findings.push(finding('GW0041', { path: path.join(dir.shown, patch), kustomization: file }, { at: { file: path.join(dir.shown, patch), doc: -1, path: [] } }));
    }
  }

  constructor(
    private readonly result: ReadResult,
    private readonly limit: number,
    private readonly roots: readonly string[],
    private readonly isExcluded: (relative: string) => string | undefined,
    private readonly onFile: (file: SourceFile) => void,
    private readonly onRead: ((bytes: number) => void) | undefined,
    /** Whether any exclude glob was given: without one, no path needs to be made relative. */
    private readonly excluding: boolean,
  ) {}

  private bytes = 0;

  /** Files read so far. */
  private read = 0;

  private push(file: SourceFile): void {
    this.onFile(file);
    this.read++;
    if (!this.onRead) return;
    this.bytes += file.text !== undefined ? file.text.length : file.bytes.length;
    this.onRead(this.bytes);
  }

  /** Whether an exclude glob skips this path below the named folder (recorded when it does). */
  private skip(shown: string): boolean {
    if (!this.excluding) return false;
    const rel = path.relative(this.base, shown).split(path.sep).join('/');
    const glob = rel === '' ? undefined : this.isExcluded(rel);
    if (glob === undefined) return false;
    this.result.excluded.push({ path: shown, glob });
    return true;
  }

  top(p: string): void {
    const result = this.result;
    let stat;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      result.errors.push(`cannot read ${p}: ${describeError(e, p)}`);
      return;
    }
    if (stat.isDirectory()) {
      const real = realpathOr(p);
      if (this.seen.has(real)) return;
      try {
        fs.opendirSync(p).closeSync();
      } catch (e) {
        result.errors.push(`cannot read ${p}: ${describeError(e, p)}`);
        return;
      }
      const before = this.read;
      this.base = p;
      this.folder(p, real);
      if (this.read === before) {
        result.findings.push(finding('GW0010', { path: p }, { at: { file: p, doc: -1, path: [] } }));
      }
      return;
    }
    if (!stat.isFile()) {
      // Reading a FIFO or a device could block forever or never end.
      result.errors.push(`cannot read ${p}: not a regular file or folder`);
      return;
    }
    if (stat.size > this.limit) {
      result.errors.push(`cannot read ${p}: larger than ${mib(this.limit)} (the limit for one input)`);
      return;
    }
    const real = realpathOr(p);
    if (this.seen.has(real)) return;
    this.seen.add(real);
    let source: SourceFile;
    try {
      source = readSource(p, this.limit) ?? { name: p, bytes: fs.readFileSync(p) };
    } catch (e) {
      result.errors.push(`cannot read ${p}: ${describeError(e, p)}`);
      return;
    }
    // Outside the try: what the caller does with the file is not a failure to read it.
    this.push(source);
  }

  /** Walks a named folder: its real tree first, then the links found in it (and in what they add). */
  private folder(shown: string, real: string): void {
    const links: string[] = [];
    this.tree({ shown, real }, links);
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      if (link !== undefined) this.link(link, links);
    }
  }

  /** Lists the folder and the folders below it (not through links), depth first in byte order. */
  private tree(start: Pending, links: string[]): void {
    this.seen.add(start.real);
    // Each entry's paths are its folder's prefixes plus its name: path.join of a folder and a name
    // (never `.`, `..` or holding a separator) is the joined prefix and the name, and path.join's
    // normalising, once per entry, was the walk's largest allocation on 20,000 small files.
    const stack: { dir: Pending; entries: fs.Dirent[]; next: number; shownPrefix: string; realPrefix: string }[] = [];
    const open = (dir: Pending, shownPrefix: string, realPrefix: string): void => {
      const entries = this.list(dir.shown);
      if (entries) stack.push({ dir, entries, next: 0, shownPrefix, realPrefix });
    };
    const startShown = joinPrefix(start.shown);
    open(start, startShown, start.real === start.shown ? startShown : joinPrefix(start.real));
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      if (top.next === 0) this.layout(top.dir, top.entries);
      const entry = top.entries[top.next++];
      if (entry === undefined) {
        stack.pop();
        continue;
      }
      const shown = top.shownPrefix + entry.name;
      // Outside links a folder's real path is the one shown: one string per entry then, not two (a
      // file's name and real path are kept to the end of the walk).
      const real = top.realPrefix === top.shownPrefix ? shown : top.realPrefix + entry.name;
      if (this.notResources.size > 0 && this.notResources.has(real)) continue;
      if (this.excluding && (entry.isDirectory() || MANIFEST.test(entry.name)) && this.skip(shown)) continue;
      if (entry.isSymbolicLink()) {
        links.push(shown);
      } else if (entry.isDirectory()) {
        if (this.seen.has(real)) continue;
        this.seen.add(real);
        // A folder below is its prefix and its name, already what path.join makes of it: its own
        // prefix is that and a separator (no path.join per folder, 3,876 on shape B at 20k).
        const shownPrefix = shown + path.sep;
        open({ shown, real }, shownPrefix, real === shown ? shownPrefix : real + path.sep);
      } else if (MANIFEST.test(entry.name)) {
        if (!entry.isFile()) this.result.findings.push(skipped(shown, 'not a regular file'));
        else this.file(shown, real);
      }
    }
  }

  /** A symbolic link met in a walk: followed when it leads inside a named folder, once per real path. */
  private link(shown: string, links: string[]): void {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync.native(shown);
      stat = fs.statSync(real);
    } catch (e) {
      this.result.findings.push(skipped(shown, describeError(e, shown)));
      return;
    }
    if (!stat.isDirectory() && !MANIFEST.test(shown)) return;
    if (this.skip(shown)) return;
    if (!this.roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) {
      this.result.findings.push(skipped(shown, `symbolic link to ${readlinkOr(shown)}, outside the folders named on the command line`));
      return;
    }
    if (this.seen.has(real)) return;
    if (stat.isDirectory()) {
      this.tree({ shown, real }, links);
    } else if (!stat.isFile()) {
      this.result.findings.push(skipped(shown, 'not a regular file'));
    } else {
      this.file(shown, real);
    }
  }

  private file(shown: string, real: string): void {
    if (this.seen.has(real)) return;
    this.seen.add(real);
    let source: SourceFile | undefined;
    try {
      source = readSource(shown, this.limit);
    } catch (e) {
      this.result.findings.push(skipped(shown, describeError(e, shown)));
      return;
    }
    if (source) this.push(source);
    else this.result.findings.push(skipped(shown, `larger than ${mib(this.limit)} (the limit for one input)`));
  }

  private list(dir: string): fs.Dirent[] | undefined {
    try {
      return inByteOrder(fs.readdirSync(dir, { withFileTypes: true }));
    } catch (e) {
      this.result.findings.push(skipped(dir, describeError(e, dir)));
      return undefined;
    }
  }
}

/**
 * What `path.join(dir, name)` puts before `name`, for any name an entry of the folder can have (one
 * component, not `.` or `..`): `path.join(dir, name) === joinPrefix(dir) + name`.
 */
export function joinPrefix(dir: string): string {
  const probe = path.join(dir, '_');
  return probe.slice(0, probe.length - 1);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Folders of at most this many entries are sorted by insertion. */
const FEW_ENTRIES = 16;

/**
 * A folder's entries sorted by name (UTF-16 code unit order, names are unique), in place. Folders
 * mostly hold a few entries (shape B at 20k: 7,755 files in 3,876 folders); Array#sort with a
 * comparator allocated a work copy of every folder's list (3 MB on shape B), an insertion sort of a
 * few entries nothing.
 */
export function inByteOrder<E extends { name: string }>(entries: E[]): E[] {
  if (entries.length > FEW_ENTRIES) return entries.sort((a, b) => byteOrder(a.name, b.name));
  for (let i = 1; i < entries.length; i++) {
    const entry = entries[i] as E;
    let j = i;
    for (; j > 0; j--) {
      const before = entries[j - 1] as E;
      if (before.name <= entry.name) break;
      entries[j] = before;
    }
    entries[j] = entry;
  }
  return entries;
}

function skipped(p: string, reason: string): Finding {
  return finding('GW0011', { path: p, reason }, { at: { file: p, doc: -1, path: [] } });
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function readlinkOr(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return 'an unknown target';
  }
}

function describeError(e: unknown, p: string): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      // Node decodes file names as UTF-8: a name that is not UTF-8 reaches it mangled and is not found.
      return p.includes('\ufffd') ? 'its name is not UTF-8 text (rename it)' : 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return code ? `error ${code}` : 'unreadable';
  }
}

/** The patch files a kustomization names (patches[].path, patchesStrategicMerge, patchesJson6902[].path); none when unreadable. */
function kustomizePatches(file: string): string[] {
  let doc: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 1024 * 1024) return [];
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch {
    return [];
  }
  if (!isRecord(doc)) return [];
  const d = doc;
  const out: string[] = [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const p of list(d['patchesStrategicMerge'])) if (typeof p === 'string' && !p.includes('\n')) out.push(p);
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of list(d[key])) {
      if (isRecord(p) && typeof p['path'] === 'string') out.push(p['path']);
    }
  }
  return out;
}
