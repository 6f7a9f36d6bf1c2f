// node:crypto, loaded on first use: only a Gateway API listener's certificate Secret needs it
// (src/convert/gatewayApi/credentials.ts), while every command that builds a workspace loads the
// conversions.
import { builtin } from './builtins.js';

/** The node:crypto module, loaded the first time it is asked for. */
export const nodeCrypto = (): typeof import('node:crypto') => builtin('node:crypto');
