import { printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { schemaFile } from '../../src/common/paths';
import { getSchema } from '../../src/schema';

it('the committed schema/schema.graphql is current (run "npx peican schema" after changing the API)', async () => {
  expect(readFileSync(schemaFile, 'utf8')).toBe(printSchema(await getSchema()) + '\n');
});
