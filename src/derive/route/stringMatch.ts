// Istio StringMatch → Envoy StringMatcher (util.ConvertToEnvoyMatch) and the present-match rule.
import type { StringMatch } from '../../schema/common.js';
import type { StringMatcher } from '../envoy.js';

/** Which oneof member is set; the first of exact, prefix, regex when YAML carries several. */
export function stringMatchKind(m: StringMatch | undefined): 'exact' | 'prefix' | 'regex' | undefined {
  if (m === undefined) return undefined;
  if (m.exact !== undefined) return 'exact';
  if (m.prefix !== undefined) return 'prefix';
  if (m.regex !== undefined) return 'regex';
  return undefined;
}

/** An empty match, or regex `*` (not RE2: Istio reads it as "present"), becomes presentMatch. */
export function isPresenceMatch(m: StringMatch | undefined): boolean {
  const kind = stringMatchKind(m);
  return kind === undefined || (kind === 'regex' && m?.regex === '*');
}

export function toEnvoyStringMatcher(m: StringMatch | undefined): StringMatcher | undefined {
  switch (stringMatchKind(m)) {
    case 'exact':
      return { exact: m?.exact ?? '' };
    case 'prefix':
      return { prefix: m?.prefix ?? '' };
    case 'regex':
      return { safeRegex: { regex: m?.regex ?? '' } };
    default:
      return undefined;
  }
}
