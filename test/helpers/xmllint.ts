// Validates XML documents against an XML Schema with libxml2 (xmllint compiled to
// WebAssembly by xmllint-wasm, a CommonJS package; each call runs xmllint in its own
// worker thread, ~60 ms).
import { validateXML } from 'xmllint-wasm';

export interface XmlValidation {
  valid: boolean;
  /** xmllint's messages without the file:line prefix and the "fails to validate" summary. */
  errors: string[];
}

/** A file name xmllint's in-memory file system and its argument check accept. */
function fileName(name: string): string {
  const base = name
    .replace(/\.(xml|xsd)$/, '')
    .replace(/[^A-Za-z0-9._]+/g, '_')
    .replace(/^[._]+/, '');
  return `${base || 'document'}.xml`;
}

function messages(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !/ (validates|fails to validate)$/.test(line))
    .map((line) => line.replace(/^[^\s:]+:\d+: /, ''));
}

/**
 * Validates `xml` against `xsd`. Resolves with `valid: false` and xmllint's messages when
 * the document does not conform or is not well-formed; rejects when the schema itself
 * does not compile, so a broken schema never passes for a rejected document.
 * `name` labels the document in messages.
 */
export async function validateXml(xml: string, xsd: string, name = 'document'): Promise<XmlValidation> {
  const xmlFile = fileName(name);
  const schemaFile = xmlFile.replace(/\.xml$/, '.schema.xsd');
  let result;
  try {
    result = await validateXML({
      xml: [{ fileName: xmlFile, contents: xml }],
      schema: [{ fileName: schemaFile, contents: xsd }],
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const output = err instanceof Error ? err.message : String(err);
    throw new Error(code === 5 ? `schema for ${name} does not compile:\n${output}` : `xmllint failed (exit ${String(code)}) on ${name}:\n${output}`, {
      cause: err,
    });
  }
  return { valid: result.valid, errors: result.valid ? [] : messages(result.rawOutput) };
}
