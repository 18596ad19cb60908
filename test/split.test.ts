// The streaming splitter of request input: one piece per document the input holds,
// broken documents failing alone, sizes checked while streaming, encodings as XML 1.0
// reads them; and batches of such input through the CLI reader and an Operation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readInputs } from '../cli/inputs';
import { splitDocuments, splitText, type SplitPiece } from '../connector/xml/split';
import { recordingSuite } from './helpers/run';

const msg = (i: number) => `<Message><To>+1415555${String(i).padStart(4, '0')}</To><From>+14155550100</From><Body>doc-${i}</Body></Message>`;
const kinds = (pieces: SplitPiece[]) => pieces.map((p) => (p.problem !== undefined ? `FAIL ${p.problem}` : p.xml !== undefined ? p.xml : `TEXT ${p.text}`));

describe('splitText', () => {
  it.each([
    ['<A/><A>x</A>', ['<A/>', '<A>x</A>']],
    ['<?xml version="1.0"?>\n<A><B>1</B></A>\n<A><B>2</B></A>\n', ['<?xml version="1.0"?>\n<A><B>1</B></A>', '<A><B>2</B></A>']],
    ['<?xml version="1.0"?><A/><?xml version="1.0"?><A/>', ['<?xml version="1.0"?><A/>', '<?xml version="1.0"?><A/>']],
    ['<!-- a < b --><A t="x>y"><![CDATA[</A><A>]]></A><A/>', ['<!-- a < b --><A t="x>y"><![CDATA[</A><A>]]></A>', '<A/>']],
    ['<A/>\n<!-- only a comment -->\n', ['<A/>']],
    ['', []],
    ['  \n ', []],
  ])('%j', (text, docs) => {
    expect(kinds(splitText(text, { root: 'A' }))).toEqual(docs);
  });

  it('text after a root fails that document only; text before the first root fails the first', () => {
    expect(kinds(splitText('<A>1</A>junk<A>2</A>', { root: 'A' }))).toEqual(['FAIL has text after its root element </A>', '<A>2</A>']);
    expect(kinds(splitText('<A>1</A></A><A>2</A>', { root: 'A' }))).toEqual(['FAIL has an end tag after its root element </A>', '<A>2</A>']);
    expect(kinds(splitText('junk<A>1</A><A>2</A>', { root: 'A' }))).toEqual(['FAIL has text before its root element', '<A>2</A>']);
  });

  it('a document missing its end tag fails alone: the next root starts the next document', () => {
    const pieces = splitText('<A><B>1</B>\n<A><B>2</B></A>', { root: 'A' });
    expect(kinds(pieces)).toEqual(['FAIL has no end tag </A> before the next <A> (line 2)', '<A><B>2</B></A>']);
    expect(pieces.map((p) => p.line)).toEqual([1, 2]);
  });

  it('a wrong root is a document of its own, for the parser to refuse', () => {
    expect(kinds(splitText('<A/><Call><To>1</To></Call><A/>', { root: 'A' }))).toEqual(['<A/>', '<Call><To>1</To></Call>', '<A/>']);
  });

  it("the root's end tag ends a document with an element left open in it, for the parser to name; what follows is not taken for its content", () => {
    expect(kinds(splitText('<A><B>1</A>\n<A/>', { root: 'A' }))).toEqual(['<A><B>1</A>', '<A/>']);
    expect(kinds(splitText('<A><B>1<C>2</C></A>\n<Other><D>3</D></Other>\n<A/>', { root: 'A' }))).toEqual([
      '<A><B>1<C>2</C></A>',
      '<Other><D>3</D></Other>',
      '<A/>',
    ]);
    // Of a wrong root too, and an end tag that only begins like the root's is no end of it.
    expect(kinds(splitText('<Other><D>3</Other><A/>', { root: 'A' }))).toEqual(['<Other><D>3</Other>', '<A/>']);
    expect(kinds(splitText('<A><AB>1</AB ></A ><A/>', { root: 'A' }))).toEqual(['<A><AB>1</AB ></A >', '<A/>']);
    expect(kinds(splitText('<A><B></AB></A><A/>', { root: 'A' }))).toEqual(['<A><B></AB></A>', '<A/>']);
  });

  it.each([
    ['<A/><A><B>1</B>', 'ends without the end tag </A>'],
    ['<A/><A><B', 'ends inside a tag'],
    ['<A/><!-- never closed <A/>', 'ends inside a comment'],
    ['<A/><?xml version="1.0"?>', 'has no root element'],
  ])('a broken tail is one more document, one FAILURE: %j', (text, problem) => {
    expect(kinds(splitText(text, { root: 'A' }))).toEqual(['<A/>', `FAIL ${problem}`]);
  });

  it('invalid UTF-8 fails the document that holds it, decoded with a fatal decoder', () => {
    const bytes = Buffer.concat([Buffer.from('<A>1</A><A>'), Buffer.from([0xc3, 0x28]), Buffer.from('</A><A>é</A>')]);
    expect(kinds(splitText(bytes, { root: 'A' }))).toEqual([
      '<A>1</A>',
      'FAIL is not well-formed UTF-8: it holds bytes that are no UTF-8 character',
      '<A>é</A>',
    ]);
  });

  it('UTF-16 with a byte order mark is decoded, in either byte order; an unpaired surrogate fails its document', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><A>é 😀</A><A>2</A>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const expected = ['<?xml version="1.0" encoding="UTF-16"?><A>é 😀</A>', '<A>2</A>'];
    expect(kinds(splitText(le, { root: 'A' }))).toEqual(expected);
    expect(kinds(splitText(be, { root: 'A' }))).toEqual(expected);
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<A>\uD800</A><A>2</A>', 'utf16le')]);
    expect(kinds(splitText(lone, { root: 'A' }))).toEqual(['FAIL is not well-formed UTF-16: it holds bytes that are no UTF-16 character', '<A>2</A>']);
  });

  it('refuses UTF-16 without a byte order mark and encodings other than UTF-8 and UTF-16 by name', () => {
    expect(kinds(splitText(Buffer.from('<A>1</A>', 'utf16le')))).toEqual(['FAIL is UTF-16 without a byte order mark, which XML 1.0 requires']);
    expect(kinds(splitText('<?xml version="1.0" encoding="ISO-8859-1"?><A/><A/>', { root: 'A' }))).toEqual([
      "FAIL declares encoding 'ISO-8859-1'; documents are read as UTF-8 or UTF-16 (with a byte order mark) only",
      '<A/>',
    ]);
    expect(kinds(splitText('<?xml version="1.0" encoding="UTF-16"?><A/>'))).toEqual(["FAIL declares encoding 'UTF-16' but has no UTF-16 byte order mark"]);
  });

  it('line mode: one value per line when the input does not start with <', () => {
    expect(kinds(splitText('\nSM1\r\n  SM2 \n\n', { lines: true }))).toEqual(['TEXT SM1', 'TEXT SM2']);
    expect(kinds(splitText('SM1\nSM2'))).toEqual(['FAIL has text before its root element']);
  });

  it('gives the same pieces however the input is cut into chunks', async () => {
    const input = Buffer.from(
      '<?xml version="1.0"?>\n<A t="1>2"><B>é</B><!-- <A> --></A>junk\n<A><![CDATA[<A>]]></A>\n<A><B>x</B>\n<A/>\n<Call/></A>\n<A>' +
        '\u00e9\u4e2d\ud83d\ude00</A>\n<A><B>1</A >\n<A/>',
    );
    const whole = splitText(input, { root: 'A' });
    expect(whole.length).toBe(8);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: input.length }), { maxLength: 8 }), async (cuts) => {
        const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), input.length];
        const chunks = at.slice(1).map((end, k) => input.subarray(at[k], end));
        const pieces: SplitPiece[] = [];
        for await (const p of splitDocuments(chunks, { root: 'A' })) pieces.push(p);
        expect(pieces).toEqual(whole);
      }),
    );
  });
});

describe('sizes are checked while streaming', () => {
  it('a 100 MB document is refused after about 1 MiB of it is read, and the document after it is answered', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let read = 0;
    let readAtRefusal = -1;
    async function* source() {
      yield Buffer.from('<A>1</A><A><B>');
      for (let k = 0; k < 1600; k++) {
        read += chunk.length;
        yield chunk;
      }
      yield Buffer.from('</B></A><A>3</A>');
    }
    const pieces: SplitPiece[] = [];
    for await (const p of splitDocuments(source(), { root: 'A' })) {
      if (p.problem && readAtRefusal < 0) readAtRefusal = read;
      pieces.push(p);
    }
    expect(kinds(pieces)).toEqual(['<A>1</A>', 'FAIL is larger than 1048576 bytes', '<A>3</A>']);
    expect(read).toBe(1600 * chunk.length);
    expect(readAtRefusal).toBeGreaterThan(1024 * 1024 - chunk.length);
    expect(readAtRefusal).toBeLessThanOrEqual(1024 * 1024 + chunk.length);
  });
});

describe('batches', () => {
  const suite = recordingSuite();
  let n = 0;
  beforeEach(() => suite.server().reply(() => ({ status: 201, body: { sid: 'SM' + (++n).toString(16).padStart(32, '0') } })));

  async function inputsFrom(text: string | Buffer) {
    const file = join(mkdtempSync(join(tmpdir(), 'split-')), 'in.xml');
    writeFileSync(file, text);
    return readInputs([file], 'Message');
  }

  it('200 documents with a wrong root and stray text in them: 200 results, the 198 good ones sent', async () => {
    const docs = Array.from({ length: 200 }, (_, i) => msg(i));
    docs[50] = '<Call><To>+14155550100</To></Call>';
    docs[120] += 'stray text';
    const inputs = await inputsFrom(docs.join('\n'));
    expect(inputs).toHaveLength(200);
    const { results } = await suite.run('Message', { action: 'create' }, inputs);
    expect(results.map((r) => r.input)).toEqual(docs.map((_, i) => i));
    const failed = results.filter((r) => r.status === 'FAILURE');
    expect(failed.map((r) => [r.input, r.message])).toEqual([
      [50, 'create Message: document: root element is <Call>; expected <Message>'],
      [120, 'create Message: document: has text after its root element </Message>'],
    ]);
    expect(suite.server().requests).toHaveLength(198);
    expect(suite.server().requests.map((r) => r.form.get('Body'))).toEqual(docs.map((_, i) => `doc-${i}`).filter((_, i) => i !== 50 && i !== 120));
  });

  it('a document missing its closing tag does not swallow the next: 200 results for 200 documents', async () => {
    const docs = Array.from({ length: 200 }, (_, i) => msg(i));
    docs[7] = docs[7].replace('</Message>', '');
    const { results } = await suite.run('Message', { action: 'create' }, await inputsFrom(docs.join('\n')));
    expect(results).toHaveLength(200);
    expect(results.filter((r) => r.status !== 'SUCCESS').map((r) => [r.input, r.message])).toEqual([
      [7, 'create Message: document: has no end tag </Message> before the next <Message> (line 9)'],
    ]);
    expect(suite.server().requests).toHaveLength(199);
  });

  it('a child element left open fails its document naming the element, and the document after it is its own', async () => {
    const docs = [msg(1).replace('</To>', ''), '<Msg><To>1</To></Msg>', msg(3)];
    const { results } = await suite.run('Message', { action: 'create' }, await inputsFrom(docs.join('\n')));
    expect(results.map((r) => [r.status, r.message])).toEqual([
      [
        'FAILURE',
        expect.stringMatching(
          /^create Message: document: is not well-formed XML \(line 1, column \d+: Expected closing tag 'To' .* instead of closing tag 'Message'/,
        ),
      ],
      ['FAILURE', 'create Message: document: root element is <Msg>; expected <Message>'],
      ['SUCCESS', undefined],
    ]);
    expect(suite.server().requests.map((r) => r.form.get('Body'))).toEqual(['doc-3']);
  });

  it('invalid UTF-8 in one document fails it; nothing of it reaches Twilio', async () => {
    const [head, tail] = msg(2).split('doc-2');
    const bytes = Buffer.concat([Buffer.from(msg(1) + head + 'doc-'), Buffer.from([0xc3, 0x28]), Buffer.from(tail + msg(3))]);
    const { results } = await suite.run('Message', { action: 'create' }, await inputsFrom(bytes));
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'FAILURE', 'SUCCESS']);
    expect(results[1].message).toMatch(/document: is not well-formed UTF-8/);
    expect(suite.server().requests.map((r) => r.form.get('Body'))).toEqual(['doc-1', 'doc-3']);
  });

  it('a UTF-16 file with a byte order mark is read as its text', async () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>\n${msg(1).replace('doc-1', 'Grüße 😀')}`;
    const { results } = await suite.run(
      'Message',
      { action: 'create' },
      await inputsFrom(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    );
    expect(results.map((r) => r.status)).toEqual(['SUCCESS']);
    expect(suite.server().requests[0].form.get('Body')).toBe('Grüße 😀');
  });

  it('delete ids one per line', async () => {
    const inputs = await inputsFrom(`SM${'1'.repeat(32)}\n\nSM${'2'.repeat(32)}\n`);
    expect(inputs.map((d) => [d.id, d.source?.replace(/.*#/, '#')])).toEqual([
      [`SM${'1'.repeat(32)}`, '#1'],
      [`SM${'2'.repeat(32)}`, '#2'],
    ]);
  });
});
