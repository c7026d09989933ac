/**
 * The import aliases every tool resolves the same way (tsc and tsx read the `paths` of
 * tsconfig.json; Vite and Vitest take them from here). They keep imports from climbing the tree and
 * name the part of the system an import reaches into.
 */
import { fileURLToPath } from 'node:url';

const at = (folder: string): string => fileURLToPath(new URL(folder, import.meta.url));

/** What the web client may import from outside client/: the shared contract and the geo library. */
export const clientAliases = {
  '@contract': at('./contract'),
  '@geo': at('./geo'),
  '@client': at('./client/src'),
};

/** Everything the server, the tests and the load tests resolve. */
export const allAliases = {
  ...clientAliases,
  '@server': at('./server/src'),
  '@test': at('./test'),
};
