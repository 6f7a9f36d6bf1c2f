// A regex whose RE2 program is larger than Envoy accepts (re2.max_program_size.error_level, which
// Istio's bootstrap sets to 32768): Istio's webhook only limits the length (1024 characters), so such
// a VirtualService is accepted, and Envoy then rejects (NACKs) the whole route configuration it is in.
import { ENVOY_MAX_PROGRAM_SIZE, compileRegex } from '../../../schema/regex.js';
import type { Path } from '../../../diagnostics/path.js';
import type { StringMatch } from '../../../schema/common.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';

/** Longer patterns are rejected by Istio's webhook (IST0106) and never reach Envoy. */
const MAX_LENGTH = 1024;

export default defineAnalyzer({
  name: 'virtualservice/regex-size',
  description: "Checks that every regex of a VirtualService fits Envoy's RE2 program size limit",
  inputs: ['VirtualService'],
  emits: ['GW0390'],
  analyze(ctx) {
    for (const vs of ctx.index.ofKind('VirtualService')) {
      // Paths are built only for a regex that is reported (most matches have none).
      const check = (sm: StringMatch | undefined, path: () => Path): void => {
        const regex = sm?.regex;
        if (regex === undefined || regex === '' || regex.length > MAX_LENGTH) return;
        const c = compileRegex(regex);
        if (!c.ok && 'tooLarge' in c) {
          ctx.report('GW0390', { regex, programSize: c.programSize, limit: ENVOY_MAX_PROGRAM_SIZE }, { resource: vs, path: [...path(), 'regex'] });
        }
      };
      const map = (m: Readonly<Record<string, StringMatch>> | undefined, path: () => Path): void => {
        if (m === undefined) return;
        for (const name of Object.keys(m)) check(m[name], () => [...path(), name]);
      };
      const rules = vs.spec.http ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (rule === undefined) continue;
        const at = (): Path => ['spec', 'http', i];
        const matches = rule.match ?? [];
        for (let j = 0; j < matches.length; j++) {
          const m = matches[j];
          if (m === undefined) continue;
          const mAt = (): Path => [...at(), 'match', j];
          check(m.uri, () => [...mAt(), 'uri']);
          check(m.scheme, () => [...mAt(), 'scheme']);
          check(m.method, () => [...mAt(), 'method']);
          check(m.authority, () => [...mAt(), 'authority']);
          map(m.headers, () => [...mAt(), 'headers']);
          map(m.queryParams, () => [...mAt(), 'queryParams']);
          map(m.withoutHeaders, () => [...mAt(), 'withoutHeaders']);
        }
        (rule.corsPolicy?.allowOrigins ?? []).forEach((o, k) => check(o, () => [...at(), 'corsPolicy', 'allowOrigins', k]));
      }
    }
  },
});
