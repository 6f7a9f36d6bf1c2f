// `gwctl completion bash|zsh|fish`: a completion script generated from the command tree itself, so
// it never falls behind the commands and options (subcommands, their aliases, their options; file
// names for everything else).
import type { Command, Option } from 'commander';
import { UsageError } from './exitCodes.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

interface CommandSpec {
  names: string[];
  description: string;
  options: Option[];
}

function commandTree(program: Command): { commands: CommandSpec[]; global: Option[] } {
  const commands = program.commands
    .filter((c) => c.name() !== 'help')
    .map((c) => ({ names: [c.name(), ...c.aliases()], description: c.description(), options: c.options.filter((o) => !o.hidden) }));
  return { commands, global: program.options.filter((o) => !o.hidden) };
}

const flagsOf = (opts: readonly Option[]): string[] => opts.flatMap((o) => [o.short, o.long].filter((f): f is string => typeof f === 'string'));
/** Words go into single-quoted shell strings: nothing gwctl names has a quote, but be safe. */
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const { commands, global } = commandTree(program);
  const top = [...commands.flatMap((c) => c.names), ...flagsOf(global), '--help'];
  const cases = commands.map((c) => `    ${c.names.join('|')}) opts=${sq([...flagsOf(c.options), ...flagsOf(global), '--help'].join(' '))} ;;`);
  return [
    '# gwctl completion for bash: add to ~/.bashrc',
    '#   source <(gwctl completion bash)',
    '_gwctl() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" opts="" i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  if [[ -z "$cmd" ]]; then',
    `    COMPREPLY=($(compgen -W ${sq(top.join(' '))} -- "$cur"))`,
    '    return',
    '  fi',
    '  case "$cmd" in',
    ...cases,
    '  esac',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -f -- "$cur"))',
    '  fi',
    '}',
    'complete -o default -o filenames -F _gwctl gwctl',
    '',
  ].join('\n');
}

function zsh(program: Command): string {
  return ['# gwctl completion for zsh: add to ~/.zshrc', '#   source <(gwctl completion zsh)', 'autoload -U +X bashcompinit && bashcompinit', bash(program).split('\n').slice(2).join('\n')].join('\n');
}

function fish(program: Command): string {
  const { commands, global } = commandTree(program);
  const fishEscape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const line = (o: Option, cond: string): string => {
    const parts = ['complete -c gwctl'];
    if (cond) parts.push(`-n '${cond}'`);
    if (o.short) parts.push(`-s ${o.short.replace(/^-/, '')}`);
    if (o.long) parts.push(`-l ${o.long.replace(/^--/, '')}`);
    if (o.required || o.optional) parts.push('-r');
    if (o.argChoices) parts.push(`-a '${o.argChoices.map(fishEscape).join(' ')}'`);
    parts.push(`-d '${fishEscape(o.description)}'`);
    return parts.join(' ');
  };
  const out = ['# gwctl completion for fish:', '#   gwctl completion fish > ~/.config/fish/completions/gwctl.fish'];
  for (const c of commands) for (const n of c.names) out.push(`complete -c gwctl -f -n '__fish_use_subcommand' -a ${n} -d '${fishEscape(c.description)}'`);
  for (const o of global) out.push(line(o, ''));
  for (const c of commands) for (const o of c.options) out.push(line(o, `__fish_seen_subcommand_from ${c.names.join(' ')}`));
  return out.join('\n') + '\n';
}

const isShell = (s: string): s is Shell => (SHELLS as readonly string[]).includes(s);

export function completionScript(shell: string, program: Command): string {
  if (!isShell(shell)) throw new UsageError(`no completion for "${shell}": use ${SHELLS.join(', ')}`);
  return shell === 'bash' ? bash(program) : shell === 'zsh' ? zsh(program) : fish(program);
}
