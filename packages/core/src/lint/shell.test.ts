// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { commandCall, joinContinuations, parseShell } from './shell.js';

const texts = (source: string, escapeChar = '\\'): string[][] =>
  parseShell(source, 1, 1, escapeChar).map((c) => c.words.map((w) => w.text));

describe('parseShell', () => {
  it('splits commands on operators', () => {
    expect(texts('a x && b y || c; d | e & f')).toEqual([['a', 'x'], ['b', 'y'], ['c'], ['d'], ['e'], ['f']]);
    expect(texts('(cd /x && make) && { echo hi; }')).toEqual([['cd', '/x'], ['make'], ['{', 'echo', 'hi'], ['}']]);
  });

  it('removes quotes and honours escapes', () => {
    expect(texts(`echo 'a b' "c \\"d\\"" e\\ f`)).toEqual([['echo', 'a b', 'c "d"', 'e f']]);
    expect(texts('echo "a && b"')).toEqual([['echo', 'a && b']]);
  });

  it('keeps command substitutions inside their word', () => {
    expect(texts('echo $(uname -m) ${HOME:-/root} `id -u` && b')).toEqual([
      ['echo', '$(uname -m)', '${HOME:-/root}', '`id -u`'],
      ['uname', '-m'],
      ['id', '-u'],
      ['b'],
    ]);
  });

  it('reads the commands inside $(...) and backquotes too, after the command they are in, with positions', () => {
    expect(texts('echo "$(curl -fsSL x | sh)" `apt-get update` && b $((1 + 2))')).toEqual([
      ['echo', '$(curl -fsSL x | sh)', '`apt-get update`'],
      ['curl', '-fsSL', 'x'],
      ['sh'],
      ['apt-get', 'update'],
      ['b', '$((1 + 2))'],
    ]);
    const [, inner] = parseShell('x=$(apk add curl)', 2, 5);
    expect(inner?.words.map((w) => [w.text, w.line, w.column])).toEqual([
      ['apk', 2, 9],
      ['add', 2, 13],
      ['curl', 2, 17],
    ]);
  });

  it('drops redirections and their targets', () => {
    expect(texts('make install > /dev/null 2>&1 && cat < in &> log x')).toEqual([
      ['make', 'install'],
      ['cat', 'x'],
    ]);
  });

  it('joins line continuations and drops comment lines inside them, keeping positions', () => {
    const commands = parseShell('apt-get install \\\n    # the tools\n    curl \\\n\n    wget', 4, 5);
    expect(commands.map((c) => c.words.map((w) => [w.text, w.line, w.column]))).toEqual([
      [
        ['apt-get', 4, 5],
        ['install', 4, 13],
        ['curl', 6, 5],
        ['wget', 8, 5],
      ],
    ]);
  });

  it('joins a word split by a continuation', () => {
    expect(texts('ec\\\nho hi')).toEqual([['echo', 'hi']]);
  });

  it('supports the backtick escape character', () => {
    expect(texts('a `\n  b', '`')).toEqual([['a', 'b']]);
  });

  it('skips shell comments', () => {
    expect(texts('a # b c\nd')).toEqual([['a'], ['d']]);
    expect(texts('echo a#b')).toEqual([['echo', 'a#b']]);
  });

  it('lexes here-document scripts and skips here-document data', () => {
    expect(texts('<<EOF\nset -e\napt-get update\nEOF')).toEqual([
      ['set', '-e'],
      ['apt-get', 'update'],
    ]);
    expect(texts("bash <<-'EOF'\n\tcd /x\n\tEOF")).toEqual([['bash'], ['cd', '/x']]);
    expect(texts('cat <<EOF > /etc/motd && echo done\ncd /nowhere\nEOF')).toEqual([['cat'], ['echo', 'done']]);
  });

  it('marks commands that read from a pipe', () => {
    expect(parseShell("echo 'root:x' | chpasswd && passwd -l root", 1, 1).map((c) => c.piped)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('survives unterminated quotes and substitutions', () => {
    expect(texts('echo "abc')).toEqual([['echo', 'abc']]);
    expect(texts("echo 'abc")).toEqual([['echo', 'abc']]);
    expect(texts('echo $(abc')).toEqual([['echo', '$(abc']]);
  });
});

describe('commandCall', () => {
  const call = (source: string) => {
    const first = parseShell(source, 1, 1)[0];
    return first && commandCall(first);
  };

  it('strips assignments and prefixes and takes the base name', () => {
    expect(call('DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install x')?.name).toBe('apt-get');
    expect(call('sudo -E apt-get install x')?.args.map((w) => w.text)).toEqual(['install', 'x']);
    expect(call('exec gunicorn app:app')?.name).toBe('gunicorn');
    expect(call('env -i A=1 make')?.name).toBe('make');
    expect(call('A=1')).toBeUndefined();
  });
});

describe('joinContinuations', () => {
  it('joins continued lines', () => {
    expect(joinContinuations('["a", \\\n  "b"]', '\\')).toBe('["a",   "b"]');
  });
});
