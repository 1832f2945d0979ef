import { createRequire } from 'node:module';
import Module from 'node:module';
import { StringDecoder } from 'node:string_decoder';

/**
 * ExcelJS (4.4.0) reads a worksheet's XML chunk by chunk and turns each chunk into text on its own,
 * so a Chinese character split across two chunks comes out as "��" (a 100,000-row list showed it at
 * row 93,101). Its parser is replaced, before ExcelJS is first loaded, by the same one reading the
 * chunks through a UTF-8 decoder that carries a split character over to the next chunk. Every module
 * that loads ExcelJS imports this first.
 */

const load = createRequire(__filename);
const path = load.resolve('exceljs/lib/utils/parse-sax.js');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(input: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  // Old-style streams, as ExcelJS's own parser upgrades them.
  const old = input as unknown as { pipe?: (to: unknown) => AsyncIterable<Buffer | string>; [Symbol.asyncIterator]?: unknown };
  const iterable = old.pipe && !old[Symbol.asyncIterator] ? old.pipe(new (load('readable-stream').PassThrough)()) : input;
  const { SaxesParser } = load('saxes') as { SaxesParser: new () => { on(event: string, f: (v: unknown) => void): void; write(text: string): void } };
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (e) => (error = e));
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

if (!load.cache[path]) {
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = parseSax;
  load.cache[path] = module;
}
