// VS `headers` operations → Envoy header mutations (TranslateHeadersOperations). Host/authority writes
// become a host rewrite instead of a header.
import type { Headers } from '../../schema/kinds/virtualService.js';
import type { HeaderValueOption } from '../envoy.js';

export interface HeaderOperations {
  requestHeadersToAdd: HeaderValueOption[];
  requestHeadersToRemove: string[];
  responseHeadersToAdd: HeaderValueOption[];
  responseHeadersToRemove: string[];
  /** Value of a `host`/`:authority` header set or added ('' when none); `set` wins over `add`. */
  authority: string;
}

// Envoy refuses to modify pseudo-headers and Host.
const isInternalHeader = (key: string): boolean => key.startsWith(':') || key.toLowerCase() === 'host';
const isAuthorityHeader = (key: string): boolean => key.toLowerCase() === ':authority' || key.toLowerCase() === 'host';

function headerOptions(map: Record<string, string> | undefined, append: boolean): { options: HeaderValueOption[]; authority: string } {
  let authority = '';
  const options: HeaderValueOption[] = [];
  const keys = Object.keys(map ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const value = map?.[key] ?? '';
    if (isAuthorityHeader(key)) authority = value;
    if (isInternalHeader(key)) continue;
    // APPEND_IF_EXISTS_OR_ADD is the enum zero value, so protojson omits it.
    const header = value === '' ? { key } : { key, value };
    options.push(append ? { header } : { header, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' });
  }
  return { options, authority };
}

export function translateHeaderOperations(headers: Headers | undefined): HeaderOperations {
  const reqSet = headerOptions(headers?.request?.set, false);
  const reqAdd = headerOptions(headers?.request?.add, true);
  const respSet = headerOptions(headers?.response?.set, false);
  const respAdd = headerOptions(headers?.response?.add, true);
  return {
    requestHeadersToAdd: [...reqSet.options, ...reqAdd.options],
    requestHeadersToRemove: (headers?.request?.remove ?? []).filter((k) => !isInternalHeader(k)),
    responseHeadersToAdd: [...respSet.options, ...respAdd.options],
    responseHeadersToRemove: (headers?.response?.remove ?? []).filter((k) => !isInternalHeader(k)),
    authority: reqSet.authority !== '' ? reqSet.authority : reqAdd.authority,
  };
}
