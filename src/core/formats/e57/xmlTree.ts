/** One element of a parsed XML document: enough of XML for E57's section (no DTDs, no namespaces resolved). */
export interface XmlElement {
  /** The qualified name as written ("e57Root", "dist:CV_K1"). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Character data directly inside the element (CDATA included), entities decoded. */
  text: string;
  /** Character index of the element's "<" in the document, for error messages. */
  readonly at: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly at: number,
    problem: string,
  ) {
    super(problem);
  }
}

const MAX_DEPTH = 512;
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTRIBUTE = /\s*([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  if (!text.includes('&')) return text;
  const bare = /&(?!(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);)/.exec(text);
  if (bare) throw new XmlSyntaxError(at + bare.index, 'a bare "&" or an unknown entity in text');
  return text.replace(ENTITY, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (!(cp >= 0 && cp <= 0x10ffff)) throw new XmlSyntaxError(at, `character reference &${e}; is out of range`);
    return String.fromCodePoint(cp);
  });
}

/** The document's root element. Iterative, so a deeply nested document cannot overflow the stack. */
export function parseXml(doc: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const expectEnd = (token: string, from: number, what: string) => {
    const end = doc.indexOf(token, from);
    if (end < 0) throw new XmlSyntaxError(from, `unterminated ${what}`);
    return end;
  };
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const textEnd = lt < 0 ? doc.length : lt;
    if (textEnd > i) {
      const text = doc.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(text, i);
      else if (text.trim() !== '') throw new XmlSyntaxError(i, 'text outside the root element');
    }
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('<!--', i)) {
      i = expectEnd('-->', i + 4, 'comment') + 3;
    } else if (doc.startsWith('<![CDATA[', i)) {
      const end = expectEnd(']]>', i + 9, 'CDATA section');
      const top = stack[stack.length - 1];
      if (!top) throw new XmlSyntaxError(i, 'CDATA outside the root element');
      top.text += doc.slice(i + 9, end);
      i = end + 3;
    } else if (doc.startsWith('<?', i)) {
      i = expectEnd('?>', i + 2, 'processing instruction') + 2;
    } else if (doc.startsWith('<!', i)) {
      i = expectEnd('>', i + 2, 'declaration') + 1;
    } else if (doc.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(doc);
      const top = stack.pop();
      if (!m || !top) throw new XmlSyntaxError(i, 'an end tag with no element open');
      if (m[0] !== top.name) throw new XmlSyntaxError(i, `</${m[0]}> closes <${top.name}> (opened at character ${top.at})`);
      const close = expectEnd('>', i, 'end tag');
      if (doc.slice(NAME.lastIndex, close).trim() !== '') throw new XmlSyntaxError(i, `junk in the end tag </${m[0]}>`);
      i = close + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(doc);
      if (!m) throw new XmlSyntaxError(i, 'a "<" that starts no tag');
      const attributes: Record<string, string> = {};
      let j = NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = j;
        const a = ATTRIBUTE.exec(doc);
        if (!a) break;
        if (a[1] in attributes) throw new XmlSyntaxError(j, `attribute ${a[1]} given twice`);
        attributes[a[1]] = decode(a[3] ?? a[4], j);
        j = ATTRIBUTE.lastIndex;
      }
      while (j < doc.length && /\s/.test(doc[j])) j++;
      const selfClosing = doc.startsWith('/>', j);
      if (!selfClosing && doc[j] !== '>') throw new XmlSyntaxError(j, `malformed start tag <${m[0]}`);
      const element: XmlElement = { name: m[0], attributes, children: [], text: '', at: i };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new XmlSyntaxError(i, 'a second root element');
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw new XmlSyntaxError(i, `elements nested deeper than ${MAX_DEPTH}`);
        stack.push(element);
      }
      i = j + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length) throw new XmlSyntaxError(doc.length, `the document ends inside <${stack[stack.length - 1].name}>`);
  if (!root) throw new XmlSyntaxError(0, 'no root element');
  return root;
}
