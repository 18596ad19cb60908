// Twilio writes JSON keys in snake_case and form parameters in PascalCase; the XML
// profiles use the PascalCase vocabulary throughout.

/** date_created → DateCreated, sid → Sid, from → From */
export function pascalCase(snake: string): string {
  return snake
    .split('_')
    .map((part) => (part ? part[0].toUpperCase() + part.slice(1) : part))
    .join('');
}

/** CallSid → call_sid: the record key holding a path parameter's value. */
export function snakeCase(pascal: string): string {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
