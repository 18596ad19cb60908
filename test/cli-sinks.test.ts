import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import type { OutputDocument } from '../connector/operation';
import { encoder } from '../cli/outputs';
import { LineChunks } from '../cli/outputs/chunks';
import { streamSink } from '../cli/outputs/stream';
import { guardedOutput } from '../cli/stdout';
import { parseRequestDocument } from '../connector/xml/document';

const CHUNK = 1 << 16;
const xml = encoder('xml', { objectType: 'Message', run: 'r1', sandbox: false });
const doc = (i: number, body = `body ${i}`): OutputDocument => ({
  input: 0,
  xml: `<Message><Sid>SM${String(i).padStart(32, '0')}</Sid><Body>${body}</Body></Message>`,
  properties: { id: `SM${String(i).padStart(32, '0')}` },
});

describe('LineChunks', () => {
  it('gives the UTF-8 of the lines, each with its newline, in chunks of at most 64 KiB (a longer line alone)', () => {
    const line = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 40_000 }), fc.constant('é'.repeat(30_000)));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const chunks: Buffer[] = [];
        const out = new LineChunks((c) => (chunks.push(Buffer.from(c)), true));
        for (const l of lines) out.add(l);
        out.flush();
        expect(Buffer.concat(chunks).equals(Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8'))).toBe(true);
        for (const c of chunks) expect(c.length <= CHUNK || lines.some((l) => Buffer.byteLength(l + '\n') === c.length)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("passes on the reader's wish to pause", () => {
    const out = new LineChunks(() => false);
    expect(out.add('a')).toBe(true); // nothing went out yet
    expect(out.add('x'.repeat(CHUNK))).toBe(false);
    expect(out.flush()).toBe(true); // empty
  });
});

describe('streamSink', () => {
  it('writes every document as a line, and waits when the reader is behind', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const sink = streamSink(guardedOutput(stream), xml);
    let waits = 0;
    const reading = (async () => {
      let text = '';
      for await (const c of stream) text += c;
      return text;
    })();
    for (let i = 0; i < 3000; i++) {
      const wait = sink.write(doc(i, i % 7 ? 'plain' : 'ünïcødé 🙂'));
      if (wait) {
        waits++;
        await wait;
      }
    }
    await sink.close({ complete: true, succeeded: true });
    stream.end();
    const lines = (await reading).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(Array.from({ length: 3000 }, (_, i) => doc(i, i % 7 ? 'plain' : 'ünïcødé 🙂').xml));
    expect(waits).toBeGreaterThan(0);
  });
});

describe('JSON lines encoder', () => {
  it('writes exactly the JSON of { type, stream, run, input, id, sandbox?, record } for any record, run and id', () => {
    const json = fc.jsonValue();
    fc.assert(
      fc.property(
        fc.string(),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.string(), { nil: undefined }),
        fc.nat(1000),
        fc.dictionary(fc.string(), json),
        (run, sandbox, isError, id, input, data) => {
          const enc = encoder('jsonl', { objectType: 'Message', run, sandbox });
          const properties: Record<string, string> = isError ? { 'twilio.status': '404' } : {};
          if (id !== undefined) properties.id = id;
          const line = enc.document({ input, xml: '', data, properties });
          const expected = JSON.stringify({
            type: 'RECORD',
            stream: isError ? 'TwilioError' : 'Message',
            run,
            input: input + 1,
            id,
            ...(sandbox ? { sandbox: true } : {}),
            record: data,
          });
          expect(line).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('XML encoder', () => {
  it('writes a document with line feeds in its text as one line, read back with the same text', () => {
    const body = 'Line one\nLine two\n\nLine four';
    const line = xml.document(doc(1, body));
    expect(line).not.toContain('\n');
    expect(line).toContain('<Body>Line one&#10;Line two&#10;&#10;Line four</Body>');
    const parsed = parseRequestDocument(line, 'Message', { action: 'create', objectType: 'Message' });
    expect(parsed.elements.get('Body')).toEqual([body]);
  });

  it('leaves a document without line feeds as the renderer wrote it', () => {
    const d = doc(2);
    expect(xml.document(d)).toBe(d.xml);
  });
});
