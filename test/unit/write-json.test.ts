import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeJson } from '../../src/cli/match';
import { demoDataFile } from '../../src/common/paths';
import { match, validateProblem } from '../../src/engine';

/** `peican match` writes its result in pieces (issue 19: a province's result is longer than one string may be), byte for byte what JSON.stringify would. */

const dir = mkdtempSync(join(tmpdir(), 'peican-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function written(value: Record<string, unknown>): string {
  const file = join(dir, 'out.json');
  const fd = openSync(file, 'w');
  try {
    writeJson(fd, value);
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

describe('writeJson', () => {
  it('writes what JSON.stringify(value, null, 2) writes, for any object of arrays, objects and scalars', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.oneof(fc.array(json), json)), (value) => {
      expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
    }), { numRuns: 300 });
  });

  it("writes the demo's result as JSON.stringify does", () => {
    const result = match(validateProblem(JSON.parse(readFileSync(demoDataFile, 'utf8'))));
    expect(written(result as never)).toBe(`${JSON.stringify(result, null, 2)}\n`);
  });
});
