// JSON text kept as written inside a request body built as an object: JSON.parse would
// round an integer beyond 2^53 (a CRM id in a contact's tags) that Twilio should get as
// sent. The body is stringified with each RawJson spliced in as its own text.

/** Valid JSON text (checked when the document was read), to be sent as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

let nonce = 0;

/** JSON.stringify, with every RawJson in the value written as its text. */
export function stringifyJson(value: unknown): string {
  const raws: string[] = [];
  const mark = `\u2060raw${(nonce = (nonce + 1) % 1e9)}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `${mark}${raws.push(v.text) - 1}` : v));
  if (!raws.length) return text;
  return text.replace(new RegExp(`"${mark}(\\d+)"`, 'g'), (_, i: string) => raws[Number(i)]);
}
