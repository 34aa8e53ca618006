/**
 * @module A parser for nginx configuration syntax: directives `name args…;` and blocks `name args… { … }`,
 * with `#` comments and single- or double-quoted arguments (how nginx requires regexes with `{`, `}` or `;`).
 */
import { CodedError } from "../coded-error.ts";

export interface NginxDirective {
  name: string;
  args: string[];
  line: number;
  block: NginxDirective[] | null;
}

/** A syntax error, with the line it is on. */
export class NginxSyntaxError extends CodedError<"NGINX_SYNTAX"> {
  constructor(message: string, line: number) {
    super("NGINX_SYNTAX", `line ${line}: ${message}`);
  }
}

type Token = { text: string; line: number; quoted: boolean };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "\n") line++;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (ch === "{" || ch === "}" || ch === ";") {
      tokens.push({ text: ch, line, quoted: false });
      i++;
    } else if (ch === '"' || ch === "'") {
      const start = line;
      let text = "";
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === "\\" && i + 1 < source.length) {
          // nginx keeps backslashes except before the quote character itself
          if (source[i + 1] !== ch) text += "\\";
          i++;
        }
        if (source[i] === "\n") line++;
        text += source[i];
        i++;
      }
      if (i >= source.length) throw new NginxSyntaxError("unterminated quoted string", start);
      i++;
      tokens.push({ text, line: start, quoted: true });
    } else {
      let text = "";
      while (i < source.length && !/[\s;{}#]/.test(source[i] as string)) {
        if (source[i] === "\\" && i + 1 < source.length) {
          text += source[i];
          i++;
        }
        text += source[i];
        i++;
      }
      tokens.push({ text, line, quoted: false });
    }
  }
  return tokens;
}

/** Parses a configuration (or a fragment of a `server` block) into directives. */
export function parseNginx(source: string): NginxDirective[] {
  const tokens = tokenize(source);
  let at = 0;
  function parseBlock(inner: boolean, openLine = 1): NginxDirective[] {
    const out: NginxDirective[] = [];
    while (at < tokens.length) {
      const first = tokens[at] as Token;
      if (first.text === "}" && !first.quoted) {
        if (!inner) throw new NginxSyntaxError('unexpected "}"', first.line);
        at++;
        return out;
      }
      if (!first.quoted && (first.text === ";" || first.text === "{"))
        throw new NginxSyntaxError(`unexpected "${first.text}"`, first.line);
      const args: string[] = [];
      at++;
      for (;;) {
        const t = tokens[at];
        if (!t) throw new NginxSyntaxError(`"${first.text}" is not terminated by ";" or "{"`, first.line);
        at++;
        if (!t.quoted && t.text === ";") {
          out.push({ name: first.text, args, line: first.line, block: null });
          break;
        }
        if (!t.quoted && t.text === "{") {
          out.push({ name: first.text, args, line: first.line, block: parseBlock(true, first.line) });
          break;
        }
        if (!t.quoted && t.text === "}") throw new NginxSyntaxError('unexpected "}"', t.line);
        args.push(t.text);
      }
    }
    if (inner) throw new NginxSyntaxError('the block opened here is missing its "}"', openLine);
    return out;
  }
  return parseBlock(false);
}
