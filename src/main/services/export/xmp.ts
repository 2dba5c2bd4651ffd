// XMP for JPEG and WebP exports: dc:description holds the A1111 text (what photo tools show as a
// caption) and wan:metadata our JSON (what an import restores from). Read back with a few careful
// patterns rather than an XML parser: we only need two values, and the input may be hostile.

export const WAN_XMP_NAMESPACE = 'https://wan.studio/ns/1.0/';

export type XmpContent = { description?: string; wanJson?: string };
export type XmpRead = { description: string | null; wanJson: string | null };

/** Far above anything we write; a bigger packet is not worth scanning. */
const MAX_XMP = 2 * 1024 * 1024;

// XML 1.0 cannot carry these characters at all, not even as references.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return (
    text
      .replace(NOT_XML, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // A raw CR would come back as LF from any real XML parser.
      .replace(/\r/g, '&#13;')
  );
}

/**
 * JSON.stringify already escapes control characters; U+FFFE/U+FFFF and lone surrogates only ever
 * occur inside JSON strings, where a \u escape means the same thing and is legal XML.
 */
function xmlSafeJson(json: string): string {
  return json.replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

export function buildXmp(content: XmpContent): string {
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:wan="${WAN_XMP_NAMESPACE}">`,
    '   <xmp:CreatorTool>Wan Studio</xmp:CreatorTool>',
  ];
  if (content.description !== undefined) {
    lines.push(
      `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(content.description)}</rdf:li></rdf:Alt></dc:description>`,
    );
  }
  if (content.wanJson !== undefined)
    lines.push(`   <wan:metadata>${escapeXml(xmlSafeJson(content.wanJson))}</wan:metadata>`);
  lines.push('  </rdf:Description>', ' </rdf:RDF>', '</x:xmpmeta>', '<?xpacket end="w"?>');
  return lines.join('\n');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name] ?? whole;
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prefixes bound to `uri` anywhere in the packet (tools may rename `wan:` when they rewrite). */
function prefixesFor(xmp: string, uri: string): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`xmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*["']${escapeRegExp(uri)}["']`, 'g');
  for (const m of xmp.matchAll(pattern)) if (m[1]) found.add(m[1]);
  return [...found];
}

/**
 * An element's text, or the same property written as an attribute (XMP's short form). Found with
 * indexOf, not a lazy regex, so a hostile packet full of unclosed tags stays linear.
 */
function property(xmp: string, qname: string): string | null {
  const open = elementStart(xmp, qname, 0);
  if (open) {
    const close = xmp.indexOf(`</${qname}`, open.contentAt);
    if (close >= 0) return xmp.slice(open.contentAt, close);
  }
  const attribute = new RegExp(`\\s${escapeRegExp(qname)}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(xmp);
  return attribute ? (attribute[2] ?? attribute[3] ?? null) : null;
}

/** The first `<qname ...>` at or after `from`: its attributes and where its content begins. */
function elementStart(xml: string, qname: string, from: number): { attributes: string; contentAt: number } | null {
  let at = xml.indexOf(`<${qname}`, from);
  while (at >= 0) {
    const next = xml[at + qname.length + 1];
    if (next === '>' || next === ' ' || next === '\n' || next === '\t' || next === '\r') {
      const gt = xml.indexOf('>', at);
      if (gt < 0 || xml[gt - 1] === '/') return null;
      return { attributes: xml.slice(at + qname.length + 1, gt), contentAt: gt + 1 };
    }
    at = xml.indexOf(`<${qname}`, at + 1);
  }
  return null;
}

/** The x-default item of an rdf:Alt (or its first item), or the text itself when not a list. */
function altText(raw: string): string {
  let first: string | null = null;
  let from = 0;
  for (let guard = 0; guard < 100; guard++) {
    const li = elementStart(raw, 'rdf:li', from);
    if (!li) break;
    const close = raw.indexOf('</rdf:li', li.contentAt);
    if (close < 0) break;
    const text = raw.slice(li.contentAt, close);
    if (/xml:lang\s*=\s*["']x-default["']/.test(li.attributes)) return text;
    first ??= text;
    from = close;
  }
  return first ?? raw;
}

/** The dc:description text and our JSON, when present. */
export function readXmp(xmp: string): XmpRead {
  const result: XmpRead = { description: null, wanJson: null };
  if (xmp.length > MAX_XMP) return result;
  for (const prefix of prefixesFor(xmp, WAN_XMP_NAMESPACE)) {
    const raw = property(xmp, `${prefix}:metadata`);
    if (raw !== null) {
      result.wanJson = unescapeXml(raw).trim();
      break;
    }
  }
  for (const prefix of prefixesFor(xmp, 'http://purl.org/dc/elements/1.1/')) {
    const raw = property(xmp, `${prefix}:description`);
    if (raw === null) continue;
    const text = unescapeXml(altText(raw)).trim();
    if (text) result.description = text;
    break;
  }
  return result;
}
