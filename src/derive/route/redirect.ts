// VS `redirect` and `directResponse` → Envoy RedirectAction / DirectResponseAction (ApplyRedirect,
// ApplyDirectResponse). Keys in proto order: scheme, host, port, path oneof, responseCode.
import type { HttpDirectResponse, HttpRedirect } from '../../schema/kinds/virtualService.js';
import type { DirectResponseAction, RedirectAction } from '../envoy.js';

const RESPONSE_CODES: Record<number, RedirectAction['responseCode'] | null> = {
  0: null, // MOVED_PERMANENTLY, the enum default: omitted
  301: null,
  302: 'FOUND',
  303: 'SEE_OTHER',
  307: 'TEMPORARY_REDIRECT',
  308: 'PERMANENT_REDIRECT',
};

/** The redirect action, or undefined for an unsupported code (Istio then leaves the route without action). */
export function translateRedirect(redirect: HttpRedirect, port: number, isTls: boolean): RedirectAction | undefined {
  const code = RESPONSE_CODES[redirect.redirectCode ?? 0];
  if (code === undefined) return undefined;
  const out: RedirectAction = {};
  if (redirect.scheme) out.schemeRedirect = redirect.scheme;
  if (redirect.authority) out.hostRedirect = redirect.authority;
  let portRedirect: number | undefined;
  if (redirect.derivePort !== undefined) portRedirect = redirect.derivePort === 'FROM_REQUEST_PORT' ? port : 0;
  else if (redirect.port !== undefined) portRedirect = redirect.port;
  if (portRedirect !== undefined) {
    const scheme = redirect.scheme || (isTls ? 'https' : 'http');
    // No explicit :80 for http or :443 for https.
    if ((portRedirect === 80 && scheme === 'http') || (portRedirect === 443 && scheme === 'https')) portRedirect = 0;
    if (portRedirect !== 0) out.portRedirect = portRedirect;
  }
  // A oneof member is printed even when empty: `"pathRedirect": ""`.
  if (redirect.prefixRewrite) out.prefixRewrite = redirect.prefixRewrite;
  else out.pathRedirect = redirect.uri ?? '';
  if (code !== null) out.responseCode = code;
  return out;
}

export function translateDirectResponse(dr: HttpDirectResponse): DirectResponseAction {
  const out: DirectResponseAction = { status: dr.status };
  if (dr.body?.string !== undefined) out.body = { inlineString: dr.body.string };
  // bytes travel as base64; protojson re-encodes them in standard padded form.
  else if (dr.body?.bytes !== undefined) out.body = { inlineBytes: Buffer.from(dr.body.bytes, 'base64').toString('base64') };
  return out;
}
