// The account SID pattern, in one place: connections, compound ids, request
// documents, Query filters and the XSD profiles all check against it, and a test
// holds the manifest's accountSid field to it.
export const ACCOUNT_SID_PATTERN = '^AC[0-9a-fA-F]{32}$';
export const ACCOUNT_SID = new RegExp(ACCOUNT_SID_PATTERN);
