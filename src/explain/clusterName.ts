// Istio's outbound cluster names, `outbound|<port>|<subset>|<host>`, read back.
export interface OutboundCluster {
  port: number;
  subset: string;
  host: string;
}

export function parseOutboundCluster(name: string): OutboundCluster | undefined {
  const parts = name.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return undefined;
  const port = Number(parts[1]);
  if (!Number.isInteger(port)) return undefined;
  return { port, subset: parts[2] ?? '', host: parts[3] ?? '' };
}
