// Repository-relative locations for tests (compiled tests run from dist/test/...).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (tests are compiled to dist/test/helpers). */
export const repoRoot = path.resolve(here, '..', '..', '..');
/** ../shared beside the clone, where CI puts it too. */
export const sharedRoot = path.resolve(repoRoot, '..', 'shared');
