/**
 * Text for an XML 1.0 attribute or element: the five markup characters escaped, and the
 * characters XML 1.0 forbids (C0 controls other than tab and line breaks, lone surrogates,
 * U+FFFE/U+FFFF) shown as `\xNN` / `\uNNNN`, since no escape can carry them and a parser rejects the whole report.
 */
export function xmlText(text: string): string {
  return text.replace(
    /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      switch (c) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
        default: {
          const code = c.charCodeAt(0);
          return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
        }
      }
    },
  );
}
