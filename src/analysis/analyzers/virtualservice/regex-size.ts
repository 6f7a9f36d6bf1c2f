// A regex whose RE2 program is larger than Envoy accepts (re2.max_program_size.error_level, which
// Istio's bootstrap sets to 32768): Istio's webhook only limits the length (1024 characters), so such
// a VirtualService is accepted, and Envoy then rejects (NACKs) the whole route configuration it is in.
import { ENVOY_MAX_PROGRAM_SIZE, compileRegex } from '../../../schema/regex.js';
import type { Path } from '../../../diagnostics/path.js';
import type { StringMatch } from '../../../schema/common.js';
import { defineAnalyzer } from '../../defineAnalyzer.js';
import type { VirtualService } from '../../../model/resource.js';
import { NO_ITEMS } from '../../../model/empty.js';

/** The string matches of an HTTP match, and its maps of them, in the order they are checked. */
const FIELDS = ['uri', 'scheme', 'method', 'authority'] as const;
const MAPS = ['headers', 'queryParams', 'withoutHeaders'] as const;

/** Longer patterns are rejected by Istio's webhook (IST0106) and never reach Envoy. */
const MAX_LENGTH = 1024;

export default defineAnalyzer({
  name: 'virtualservice/regex-size',
  description: "Checks that every regex of a VirtualService fits Envoy's RE2 program size limit",
  inputs: ['VirtualService'],
  emits: ['GW0390'],
  analyze(ctx) {
    // Indexed loops and no closure per VirtualService: this walks every match of every VirtualService
    // once, in code that runs once (cold), where iterators and closures cost more than the checks.
    const report = (vs: VirtualService, sm: StringMatch | undefined, path: Path): void => {
      const regex = sm?.regex;
      if (regex === undefined || regex === '' || regex.length > MAX_LENGTH) return;
      const c = compileRegex(regex);
      if (!c.ok && 'tooLarge' in c) {
        ctx.report('GW0390', { regex, programSize: c.programSize, limit: ENVOY_MAX_PROGRAM_SIZE }, { resource: vs, path: [...path, 'regex'] });
      }
    };
    const all = ctx.index.ofKind('VirtualService');
    for (let v = 0; v < all.length; v++) {
      const vs = all[v] as VirtualService;
      const rules = vs.spec.http ?? NO_ITEMS;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (rule === undefined) continue;
        const matches = rule.match ?? NO_ITEMS;
        for (let j = 0; j < matches.length; j++) {
          const m = matches[j];
          if (m === undefined) continue;
          // Paths are built only for a regex that is there (most matches have none).
          for (let f = 0; f < FIELDS.length; f++) {
            const field = FIELDS[f] as (typeof FIELDS)[number];
            const sm = m[field];
            if (sm?.regex !== undefined) report(vs, sm, ['spec', 'http', i, 'match', j, field]);
          }
          for (let f = 0; f < MAPS.length; f++) {
            const field = MAPS[f] as (typeof MAPS)[number];
            const map = m[field];
            if (map === undefined) continue;
            for (const name in map) if (map[name]?.regex !== undefined) report(vs, map[name], ['spec', 'http', i, 'match', j, field, name]);
          }
        }
        const origins = rule.corsPolicy?.allowOrigins ?? NO_ITEMS;
        for (let k = 0; k < origins.length; k++) if (origins[k]?.regex !== undefined) report(vs, origins[k], ['spec', 'http', i, 'corsPolicy', 'allowOrigins', k]);
      }
    }
  },
});
