/**
 * The small slice of XML the gateway speaks: one root, elements with attributes and text, no
 * DTDs. Reading is strict (fast-xml-parser's validator first, then a tree whose accessors
 * refuse duplicates and missing parts); writing escapes every value.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { WireFormatError } from './wire-format-error';

const ATTR = '@_';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

type RawValue = string | RawObject | RawValue[];
interface RawObject {
  [key: string]: RawValue;
}

/** One element of a parsed document, addressed by a path for error messages. */
export class XmlNode {
  constructor(
    readonly path: string,
    private readonly raw: RawValue,
  ) {}

  /** The child element `name`, or undefined; refuses a repeated element. */
  child(name: string): XmlNode | undefined {
    if (typeof this.raw !== 'object' || Array.isArray(this.raw)) return undefined;
    const value = this.raw[name];
    if (value === undefined) return undefined;
    const path = `${this.path}/${name}`;
    if (Array.isArray(value)) throw new WireFormatError(`${path} appears more than once`, path);
    return new XmlNode(path, value);
  }

  requiredChild(name: string): XmlNode {
    const node = this.child(name);
    if (!node) throw new WireFormatError(`${this.path}/${name} is missing`, `${this.path}/${name}`);
    return node;
  }

  /** The element's own text ("" for an empty element); refuses an element with children. */
  text(): string {
    if (typeof this.raw === 'string') return this.raw;
    const obj = this.raw as RawObject;
    const children = Object.keys(obj).filter((k) => k !== TEXT && !k.startsWith(ATTR));
    if (children.length > 0) {
      throw new WireFormatError(`${this.path} must hold text, not <${children[0]}>`, this.path);
    }
    const text = obj[TEXT];
    return typeof text === 'string' ? text : '';
  }

  /** Text of child `name`; undefined when absent. */
  childText(name: string): string | undefined {
    return this.child(name)?.text();
  }

  requiredText(name: string): string {
    const text = this.requiredChild(name).text();
    if (text === '') {
      throw new WireFormatError(`${this.path}/${name} is empty`, `${this.path}/${name}`);
    }
    return text;
  }

  attr(name: string): string | undefined {
    if (typeof this.raw !== 'object' || Array.isArray(this.raw)) return undefined;
    const value = this.raw[ATTR + name];
    return typeof value === 'string' ? value : undefined;
  }

  requiredAttr(name: string): string {
    const value = this.attr(name);
    if (value === undefined || value === '') {
      throw new WireFormatError(`${this.path}/@${name} is missing`, `${this.path}/@${name}`);
    }
    return value;
  }
}

/** Parses `text` and returns its root, which must be named `rootName`. */
export function readXml(text: string, rootName: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new WireFormatError('XML with a DOCTYPE or ENTITY declaration is refused');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new WireFormatError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }

  // The validator and the parser disagree on a few broken inputs; the parser's word is final.
  let doc: RawObject;
  try {
    doc = parser.parse(text) as RawObject;
  } catch (error) {
    throw new WireFormatError(`malformed XML: ${(error as Error).message}`);
  }
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== rootName) {
    const found = roots.length === 0 ? 'no element' : `<${roots.join('>, <')}>`;
    throw new WireFormatError(`expected one <${rootName}> root element, found ${found}`);
  }
  const root = doc[rootName];
  if (Array.isArray(root)) throw new WireFormatError(`<${rootName}> appears more than once`);
  return new XmlNode(rootName, root);
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export type XmlAttrs = Readonly<Record<string, string | undefined>>;

/** `<name a="1">text</name>`, or `<name a="1"/>` when `content` is empty. */
export function xmlElement(name: string, attrs: XmlAttrs, content = '', raw = false): string {
  const attrText = Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (content === '') return `<${name}${attrText}/>`;
  return `<${name}${attrText}>${raw ? content : escapeXml(content)}</${name}>`;
}

// fatal: a broken byte is an error, not a silent U+FFFD; the BOM is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/**
 * Bytes → text: UTF-8 unless the Content-Type charset or the XML declaration says
 * windows-1251 [model: the mock accepts windows-1251 bodies that declare it].
 */
export function decodeXmlBody(bytes: Buffer, contentType = ''): string {
  const head = bytes.subarray(0, 100).toString('latin1');
  const declared =
    /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1] ??
    'utf-8';
  const charset = declared.toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new WireFormatError('the body is not valid UTF-8');
    }
  }
  if (charset === 'windows-1251' || charset === 'cp1251') return iconv.decode(bytes, 'win1251');
  throw new WireFormatError(`charset "${declared}" is not supported: use utf-8 or windows-1251`);
}
