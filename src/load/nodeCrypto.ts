// node:crypto, loaded on first use: it takes 6-17 ms to load, and only a Gateway API listener's
// certificate Secret needs it (src/convert/gatewayApi/credentials.ts), while every command that builds
// a workspace loads the conversions.
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;

/** The node:crypto module, loaded the first time it is asked for. */
export function nodeCrypto(): Crypto {
  if (loaded === undefined) {
    // process.getBuiltinModule is Node 20.16+; before it, a require of a built-in (resolved alike from anywhere).
    const getBuiltin = (process as { getBuiltinModule?: (id: 'node:crypto') => Crypto }).getBuiltinModule;
    const module: Crypto = getBuiltin ? getBuiltin.call(process, 'node:crypto') : createRequire(`${process.cwd()}/`)('node:crypto');
    loaded = module;
  }
  return loaded;
}
