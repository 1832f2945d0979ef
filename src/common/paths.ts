import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's root (the folder holding package.json), from sources or from dist/. */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
})();

export const schemaFile = join(projectRoot, 'schema', 'schema.graphql');
export const demoDataFile = join(projectRoot, 'seeds', 'demo', 'demo.json');
