// Output invariants every run must keep, whatever the input: machine output parses, SARIF has the
// shape SARIF 2.1.0 requires, messages read as sentences for users.
import { INTERNAL_NAMES } from './harness.js';

/** The problems with a SARIF 2.1.0 log (required properties and types of the parts gwctl writes). */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(log)) return ['log is not an object'];
  if (log['version'] !== '2.1.0') problems.push('version must be "2.1.0"');
  if (typeof log['$schema'] !== 'string') problems.push('$schema should name the SARIF 2.1.0 schema');
  const runs = log['runs'];
  if (!Array.isArray(runs)) return [...problems, 'runs must be an array'];
  runs.forEach((run: unknown, r) => {
    if (!isObj(run)) return void problems.push(`runs[${r}] is not an object`);
    const tool = run['tool'];
    const driver = isObj(tool) ? tool['driver'] : undefined;
    if (!isObj(driver) || typeof driver['name'] !== 'string') problems.push(`runs[${r}].tool.driver.name is required`);
    const ruleIds = new Set<string>();
    if (isObj(driver) && driver['rules'] !== undefined) {
      if (!Array.isArray(driver['rules'])) problems.push(`runs[${r}].tool.driver.rules must be an array`);
      else
        for (const rule of driver['rules'] as unknown[]) {
          if (!isObj(rule) || typeof rule['id'] !== 'string') problems.push(`runs[${r}] has a rule without id`);
          else ruleIds.add(rule['id']);
        }
    }
    const results = run['results'];
    if (results === undefined) return;
    if (!Array.isArray(results)) return void problems.push(`runs[${r}].results must be an array`);
    results.forEach((res: unknown, i) => {
      const at = `runs[${r}].results[${i}]`;
      if (!isObj(res)) return void problems.push(`${at} is not an object`);
      const message = res['message'];
      if (!isObj(message) || (typeof message['text'] !== 'string' && typeof message['id'] !== 'string')) problems.push(`${at}.message.text is required`);
      if (res['ruleId'] !== undefined && typeof res['ruleId'] !== 'string') problems.push(`${at}.ruleId must be a string`);
      if (typeof res['ruleId'] === 'string' && ruleIds.size > 0 && !ruleIds.has(res['ruleId'])) problems.push(`${at}.ruleId ${res['ruleId']} has no rule`);
      if (res['level'] !== undefined && !['none', 'note', 'warning', 'error'].includes(String(res['level']))) problems.push(`${at}.level is not a SARIF level`);
      const locations = res['locations'];
      if (locations === undefined) return;
      if (!Array.isArray(locations)) return void problems.push(`${at}.locations must be an array`);
      locations.forEach((loc: unknown, k) => {
        const phys = isObj(loc) ? loc['physicalLocation'] : undefined;
        if (phys === undefined) return;
        if (!isObj(phys)) return void problems.push(`${at}.locations[${k}].physicalLocation is not an object`);
        const art = phys['artifactLocation'];
        if (art !== undefined && (!isObj(art) || (art['uri'] !== undefined && typeof art['uri'] !== 'string'))) problems.push(`${at}.locations[${k}] artifactLocation.uri must be a string`);
        const region = phys['region'];
        if (region === undefined) return;
        if (!isObj(region)) return void problems.push(`${at}.locations[${k}].region is not an object`);
        for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
          const v = region[key];
          if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 1)) problems.push(`${at}.locations[${k}].region.${key} must be an integer >= 1, not ${String(v)}`);
        }
      });
    });
  });
  return problems;
}

/** Why a message a user reads is not acceptable, or undefined. */
export function messageProblem(message: string): string | undefined {
  if (message.trim() === '') return 'empty message';
  const internal = INTERNAL_NAMES.exec(message);
  if (internal) return `internal name "${internal[0]}" in: ${message.slice(0, 200)}`;
  return undefined;
}
