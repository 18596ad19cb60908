// How one output document or result becomes text: XML as the profile says, or a JSON
// line in the spirit of Singer/Airbyte messages (RECORD per document, RESULT per input).
import type { DocumentResult, OutputDocument } from '../../connector/operation';

export type OutputFormat = 'xml' | 'jsonl';

/** Said by every document and result of a run served by the embedded sandbox. */
export const SANDBOX_MARK = '<!-- from the embedded sandbox, not Twilio -->';

export interface Encoder {
  readonly format: OutputFormat;
  readonly extension: string;
  /** Written once at the top of a file. */
  readonly prolog: string;
  document(doc: OutputDocument): string;
  /** A line for the result, or undefined where the format carries documents only. */
  result(result: DocumentResult): string | undefined;
}

export interface EncoderOptions {
  objectType: string;
  /** The run's id (its start time), in JSON lines. */
  run: string;
  sandbox: boolean;
}

/** A Twilio error returned as a document (--return-application-errors). */
export function isErrorDocument(doc: OutputDocument): boolean {
  return 'twilio.status' in doc.properties;
}

/**
 * A document as one line: a line feed in a text value (a message body of several lines)
 * is written as the character reference &#10;, which every XML parser reads back as the
 * line feed, so stdout and batch files hold one document per line for head, wc and grep.
 * (The renderer already writes CR as &#13;, and JSON text values carry \n escapes.)
 */
function oneLine(xml: string): string {
  return xml.indexOf('\n') < 0 ? xml : xml.replace(/\n/g, '&#10;');
}

export function encoder(format: OutputFormat, { objectType, run, sandbox }: EncoderOptions): Encoder {
  if (format === 'xml') {
    const mark = sandbox ? SANDBOX_MARK : '';
    return {
      format,
      extension: 'xml',
      prolog: '<?xml version="1.0" encoding="UTF-8"?>\n',
      document: (doc) => mark + oneLine(doc.xml),
      result: () => undefined,
    };
  }
  const from = sandbox ? { sandbox: true } : {};
  // The line JSON.stringify would write for { type, stream, run, input, id, sandbox?, record },
  // with the constant parts written once: the envelope object cost ~5% of a JSON lines run.
  const head = (stream: string) => `{"type":"RECORD","stream":${JSON.stringify(stream)},"run":${JSON.stringify(run)},"input":`;
  const records = head(objectType);
  const errors = head('TwilioError');
  const mark = sandbox ? ',"sandbox":true' : '';
  return {
    format,
    extension: 'jsonl',
    prolog: '',
    document: (doc) => {
      const id = doc.properties.id;
      return (
        (isErrorDocument(doc) ? errors : records) +
        (doc.input + 1) +
        (id === undefined ? '' : ',"id":' + JSON.stringify(id)) +
        mark +
        ',"record":' +
        JSON.stringify(recordOf(doc)) +
        '}'
      );
    },
    result: (r) => JSON.stringify({ type: 'RESULT', stream: objectType, run, ...r, input: r.input + 1, ...from }),
  };
}

/** The document as the object its profile types (the Operation's `documents: 'object'`). */
function recordOf(doc: OutputDocument): unknown {
  if (doc.data === undefined) throw new Error('JSON lines need the operation to give documents as objects (documents: object)');
  return doc.data;
}
