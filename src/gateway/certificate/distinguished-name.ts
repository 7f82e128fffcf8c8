/** Subjects and issuers as Node's X509Certificate prints them: "CN=x\nO=y", one per line. */

/** The CN, unescaped; '' when there is none. */
export function commonName(distinguishedName: string): string {
  const line = distinguishedName.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3).replace(/\\(.)/g, '$1') : '';
}

/** "CN=x, O=y", for messages. */
export function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}
