/**
 * A small, forgiving shell lexer for RUN/CMD/ENTRYPOINT arguments: enough to find the simple
 * commands of a script (`apt-get install ...`, `rm -rf ...`) with the position of every word.
 * It understands Dockerfile line continuations, quotes, `$(...)`, redirections, comments and
 * here-documents; it does not expand variables or run anything.
 */

/** A shell word without its quotes, at its 1-based position in the Dockerfile. */
export interface ShellWord {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** A simple command: the words between operators (`&&`, `||`, `;`, `|`, newline, ...). */
export interface ShellCommand {
  readonly words: readonly ShellWord[];
  /** Whether the command reads from a pipe (`... | command`). */
  readonly piped: boolean;
}

interface Char {
  readonly ch: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The characters of an instruction's arguments as the shell sees them: Dockerfile line
 * continuations joined, comment and empty lines inside continuations dropped (as Docker does).
 * `line`/`column` are the 1-based position where `source` starts.
 */
function logicalChars(source: string, line: number, column: number, escapeChar: string): Char[] {
  const out: Char[] = [];
  const lines = source.split(/\r\n|\r|\n/);
  let continued = false;
  lines.forEach((text, index) => {
    if (continued && (text.trim() === '' || text.trimStart().startsWith('#'))) return;
    const first = index === 0 ? column : 1;
    const trimmed = text.trimEnd();
    continued = trimmed.endsWith(escapeChar);
    const body = continued ? trimmed.slice(0, -escapeChar.length) : text;
    for (let i = 0; i < body.length; i++) out.push({ ch: body.charAt(i), line: line + index, column: first + i });
    if (!continued && index < lines.length - 1) out.push({ ch: '\n', line: line + index, column: first + body.length });
  });
  return out;
}

/** The instruction arguments with line continuations joined (e.g. to parse the JSON exec form). */
export function joinContinuations(source: string, escapeChar: string): string {
  return logicalChars(source, 1, 1, escapeChar)
    .map((c) => c.ch)
    .join('');
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);

/** Splits a shell script into simple commands. */
export function parseShell(source: string, line: number, column: number, escapeChar = '\\'): ShellCommand[] {
  return new Lexer(logicalChars(source, line, column, escapeChar)).run();
}

interface PendingHeredoc {
  readonly delimiter: string;
  readonly script: boolean;
}

class Lexer {
  private i = 0;
  private readonly commands: ShellCommand[] = [];
  private words: ShellWord[] = [];
  private piped = false;
  private text: string | undefined;
  private start: Char | undefined;
  private next: 'word' | 'redirect' | 'heredoc' = 'word';
  private heredocs: PendingHeredoc[] = [];
  private readonly scriptEnds: string[] = [];
  /** Commands inside `$(...)` and backquotes of the current command, added after it. */
  private nested: ShellCommand[] = [];

  constructor(private readonly chars: readonly Char[]) {}

  run(): ShellCommand[] {
    while (this.i < this.chars.length) this.step();
    this.operator('\n');
    return this.commands;
  }

  private step(): void {
    const c = this.at(0);
    if (c === ' ' || c === '\t') {
      this.finishWord();
      this.i++;
    } else if (c === '\n') {
      this.operator('\n');
      this.i++;
      this.startLine();
    } else if (c === '#' && this.text === undefined) {
      while (this.i < this.chars.length && this.at(0) !== '\n') this.i++;
    } else if (';&|()'.includes(c)) {
      this.control(c);
    } else if (c === '<' || c === '>') {
      this.redirection();
    } else {
      this.wordChar(c);
    }
  }

  private at(offset: number): string {
    return this.chars[this.i + offset]?.ch ?? '';
  }

  private append(ch: string): void {
    if (this.text === undefined) {
      this.text = '';
      this.start = this.chars[this.i];
    }
    this.text += ch;
  }

  private wordChar(c: string): void {
    if (c === "'" || c === '"') {
      this.quoted(c);
      return;
    }
    if (c === '\\') {
      if (this.at(1) !== '\n') {
        this.append('');
        this.append(this.at(1));
      }
      this.i += 2;
      return;
    }
    if (c === '`') {
      this.substitution('`', '`', 1);
    } else if (c === '$' && this.at(1) === '(' && this.at(2) !== '(') {
      this.substitution('(', ')', 2);
    } else if (c === '$' && (this.at(1) === '(' || this.at(1) === '{')) {
      this.until(this.at(1), this.at(1) === '(' ? ')' : '}');
    } else {
      this.append(c);
      this.i++;
    }
  }

  /** A quoted string; the quotes are dropped, `\` escapes inside double quotes are honoured. */
  private quoted(quote: string): void {
    this.append('');
    this.i++;
    while (this.i < this.chars.length && this.at(0) !== quote) {
      if (quote === '"' && this.at(0) === '\\' && '"\\$`'.includes(this.at(1))) this.i++;
      else if (quote === '"' && this.at(0) === '`') {
        this.substitution('`', '`', 1);
        continue;
      } else if (quote === '"' && this.at(0) === '$' && this.at(1) === '(' && this.at(2) !== '(') {
        this.substitution('(', ')', 2);
        continue;
      }
      this.append(this.at(0));
      this.i++;
    }
    this.i++;
  }

  /** A command substitution: kept verbatim in the word, and its commands read like the others. */
  private substitution(open: string, close: string, opening: number): void {
    const first = this.i;
    this.until(open, close);
    if (this.i - first <= opening || this.chars[this.i - 1]?.ch !== close) return;
    this.nested.push(...new Lexer(this.chars.slice(first + opening, this.i - 1)).run());
  }

  /** `$(...)`, `${...}` or a backquoted command, kept verbatim inside the current word. */
  private until(open: string, close: string): void {
    let depth = 0;
    const first = this.i;
    while (this.i < this.chars.length) {
      const c = this.at(0);
      this.append(c);
      this.i++;
      if (c === close && this.i - first > 1 && --depth <= 0) return;
      if (c === open && (open !== close || this.i - first === 1)) depth++;
    }
  }

  private control(c: string): void {
    const two = c + this.at(1);
    if (two === '&>') {
      this.redirection();
      return;
    }
    const op = two === '&&' || two === '||' || two === ';;' || two === '|&' ? two : c;
    this.operator(op);
    this.i += op.length;
  }

  private redirection(): void {
    if (this.text !== undefined && /^\d+$/.test(this.text)) this.text = undefined;
    this.finishWord();
    if (this.at(0) === '<' && this.at(1) === '<' && this.at(2) !== '<') {
      this.i += this.at(2) === '-' ? 3 : 2;
      this.next = 'heredoc';
      return;
    }
    while ('<>&|'.includes(this.at(0)) && this.at(0) !== '') this.i++;
    this.next = 'redirect';
  }

  private finishWord(): void {
    if (this.text === undefined || this.start === undefined) return;
    const word = { text: this.text, line: this.start.line, column: this.start.column };
    this.text = undefined;
    if (this.next === 'heredoc') this.heredocs.push({ delimiter: word.text, script: this.heredocIsScript() });
    else if (this.next === 'word') this.words.push(word);
    this.next = 'word';
  }

  /** A here-document is a script when nothing but a shell reads it (`RUN <<EOF`, `RUN bash <<EOF`). */
  private heredocIsScript(): boolean {
    const call = commandCall({ words: this.words, piped: false });
    if (call === undefined) return true;
    return SHELLS.has(call.name) && !call.args.some((w) => w.text === '-c');
  }

  private operator(op: string): void {
    this.finishWord();
    if (this.words.length > 0) this.commands.push({ words: this.words, piped: this.piped });
    this.commands.push(...this.nested);
    this.nested = [];
    if (this.words.length === 0 && op === '\n') return;
    this.words = [];
    this.piped = op === '|' || op === '|&';
  }

  /** At the start of a line: skip data here-documents and the end markers of script ones. */
  private startLine(): void {
    const pending = this.heredocs;
    this.heredocs = [];
    for (const heredoc of pending) {
      if (heredoc.script) this.scriptEnds.push(heredoc.delimiter);
      else while (this.i < this.chars.length && this.takeLine() !== heredoc.delimiter);
    }
    const end = this.scriptEnds.at(-1);
    if (end !== undefined && this.peekLine() === end) {
      this.takeLine();
      this.scriptEnds.pop();
    }
  }

  private peekLine(): string {
    let text = '';
    for (let j = this.i; j < this.chars.length && this.chars[j]?.ch !== '\n'; j++) text += this.chars[j]?.ch ?? '';
    return text.trim();
  }

  private takeLine(): string {
    const text = this.peekLine();
    while (this.i < this.chars.length && this.at(0) !== '\n') this.i++;
    this.i++;
    return text;
  }
}

/** A command with its prefixes (`VAR=value`, `sudo`, `then`, `exec`, ...) stripped. */
export interface CommandCall {
  /** The base name of the program, e.g. `apt-get` for `/usr/bin/apt-get`. */
  readonly name: string;
  readonly nameWord: ShellWord;
  readonly args: readonly ShellWord[];
  readonly piped: boolean;
}

const PREFIXES = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'exec', 'nohup']);
const FLAG_PREFIXES = new Set(['sudo', 'env', 'command']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function commandCall(command: ShellCommand): CommandCall | undefined {
  const words = command.words;
  let k = 0;
  let flags = false;
  for (; k < words.length; k++) {
    const text = words[k]?.text ?? '';
    if (ASSIGNMENT.test(text) || PREFIXES.has(text) || (flags && text.startsWith('-'))) continue;
    if (!FLAG_PREFIXES.has(text)) break;
    flags = true;
  }
  const nameWord = words[k];
  if (nameWord === undefined) return undefined;
  return { name: baseName(nameWord.text), nameWord, args: words.slice(k + 1), piped: command.piped };
}

export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function isShell(program: string): boolean {
  return SHELLS.has(baseName(program));
}
