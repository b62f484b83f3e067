import type { Instruction, Property } from 'dockerfile-ast';
import { Arg, Env } from 'dockerfile-ast';
import { type DockerfileModel, keyword, position } from './dockerfile-model.js';
import { isInstall, packageCommands, packageName } from './package-commands.js';
import type { RuleHit } from './rules.js';
import { hasVariable } from './scope.js';
import { type CommandCall, commandCall } from './shell.js';

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASSPHRASE', 'PASS', 'PWD', 'TOKEN', 'SECRET', 'CREDENTIALS']);
const SECRET_SUFFIXES = ['PASSWORD', 'PASSWD', 'TOKEN', 'SECRET'];
const SECRET_PAIRS = new Set([
  'API_KEY',
  'APIKEY',
  'PRIVATE_KEY',
  'ACCESS_KEY',
  'SECRET_KEY',
  'AUTH_KEY',
  'CLIENT_KEY',
]);
const REFERENCE_SUFFIXES = new Set(['FILE', 'PATH', 'DIR']);
/** Last name parts that make a name a setting about secrets (`PASSWORD_MIN_LENGTH`, `TOKEN_TTL_SECONDS`). */
const SETTING_SUFFIXES = new Set([
  ...['LENGTH', 'LEN', 'MIN', 'MAX', 'TTL', 'SECONDS', 'SECS', 'MINUTES', 'HOURS', 'DAYS', 'TIMEOUT', 'EXPIRY'],
  ...['EXPIRES', 'EXPIRATION', 'LIFETIME', 'AGE', 'COUNT', 'SIZE', 'LIMIT', 'ATTEMPTS', 'RETRIES', 'ENABLED'],
  ...['DISABLED', 'REQUIRED', 'POLICY', 'ALGORITHM', 'ROUNDS', 'COMPLEXITY', 'HEADER', 'PREFIX', 'TYPE'],
]);
/** A URL with a literal password: `https://user:pass@host/`. */
const URL_CREDENTIAL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i;

/** Whether an ENV/ARG name looks like it holds a secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
export function isSecretName(name: string): boolean {
  const parts = name.toUpperCase().split(/[_.-]/);
  const last = parts.at(-1) ?? '';
  if (name.toUpperCase() === 'PWD' || REFERENCE_SUFFIXES.has(last) || SETTING_SUFFIXES.has(last)) return false;
  if (parts.some((p) => SECRET_WORDS.has(p) || SECRET_SUFFIXES.some((s) => p.endsWith(s)))) return true;
  return parts.some((p, k) => SECRET_PAIRS.has(`${p}_${parts[k + 1]}`) || SECRET_PAIRS.has(p));
}

/** `hardcoded-secret`, `default-password` and `ssh-server`. */
export function checkSecrets(model: DockerfileModel): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const instruction of model.instructions) {
    if (instruction instanceof Env || instruction instanceof Arg) hits.push(...secretProperties(instruction));
    const kind = keyword(instruction);
    if (kind === 'RUN') hits.push(...passwords(model, instruction));
    if (kind === 'RUN' || kind === 'CMD' || kind === 'ENTRYPOINT') hits.push(...sshServer(model, instruction));
  }
  return hits;
}

/** Whether a value holds a URL with a literal (not `$VAR`) password: `https://user:pass@host`. */
export function hasUrlCredential(value: string): boolean {
  const password = URL_CREDENTIAL.exec(value)?.[1];
  return password !== undefined && !hasVariable(password);
}

function secretProperties(instruction: Env | Arg): RuleHit[] {
  const properties: Property[] =
    instruction instanceof Env ? instruction.getProperties() : [instruction.getProperty()].filter((p) => p !== null);
  const hits: RuleHit[] = [];
  for (const p of properties) {
    const value = p.getValue();
    if (value === null || value.trim() === '') continue;
    const what = `${keyword(instruction)} ${p.getName()}`;
    const at = position(p.getNameRange().start);
    if (isSecretName(p.getName()) && !hasVariable(value)) {
      const message = `${what} has a literal value that anyone with the image can read; pass it at run time or use a build secret`;
      hits.push({ rule: 'hardcoded-secret', ...at, message });
    } else if (hasUrlCredential(value)) {
      const message = `${what} has a password inside its URL that anyone with the image can read; pass the URL at run time or use a build secret`;
      hits.push({ rule: 'hardcoded-secret', ...at, message });
    }
  }
  return hits;
}

const USER_TOOLS = new Set(['useradd', 'usermod', 'adduser']);

function setsPassword(call: CommandCall): boolean {
  const args = call.args.map((w) => w.text);
  if (call.name === 'chpasswd') return true;
  if (call.name === 'passwd') return call.piped || args.includes('--stdin');
  if (!USER_TOOLS.has(call.name)) return false;
  return args.some((a) => a === '-p' || a === '--password' || a.startsWith('--password='));
}

function passwords(model: DockerfileModel, run: Instruction): RuleHit[] {
  const call = model
    .commands(run)
    .map(commandCall)
    .find((c) => c !== undefined && setsPassword(c));
  if (call === undefined) return [];
  const message = `${call.name} sets a password at build time, the same in every container; lock the account instead`;
  return [{ rule: 'default-password', line: call.nameWord.line, column: call.nameWord.column, message }];
}

const SSH_PACKAGES = new Set(['openssh-server', 'openssh', 'dropbear']);
const SSH_DAEMONS = new Set(['sshd', 'dropbear']);

function sshServer(model: DockerfileModel, instruction: Instruction): RuleHit[] {
  const commands = model.commands(instruction);
  for (const command of packageCommands(commands).filter(isInstall)) {
    const word = command.packages.find((w) => SSH_PACKAGES.has(packageName(w.text)));
    if (word === undefined) continue;
    const message = `installing ${packageName(word.text)} puts an SSH server in the image; use docker/kubectl exec instead`;
    return [{ rule: 'ssh-server', line: word.line, column: word.column, message }];
  }
  const daemon = commands.map(commandCall).find((c) => c !== undefined && SSH_DAEMONS.has(c.name));
  if (daemon === undefined) return [];
  const message = `${keyword(instruction)} runs ${daemon.name}, an SSH server; use docker/kubectl exec instead`;
  return [{ rule: 'ssh-server', line: daemon.nameWord.line, column: daemon.nameWord.column, message }];
}
