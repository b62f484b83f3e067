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

/** Whether an ENV/ARG name looks like it holds a secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
export function isSecretName(name: string): boolean {
  const parts = name.toUpperCase().split(/[_.-]/);
  if (name.toUpperCase() === 'PWD' || REFERENCE_SUFFIXES.has(parts.at(-1) ?? '')) return false;
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

function secretProperties(instruction: Env | Arg): RuleHit[] {
  const properties: Property[] =
    instruction instanceof Env ? instruction.getProperties() : [instruction.getProperty()].filter((p) => p !== null);
  return properties
    .filter((p) => isSecretName(p.getName()))
    .filter((p) => {
      const value = p.getValue();
      return value !== null && value.trim() !== '' && !hasVariable(value);
    })
    .map((p) => ({
      rule: 'hardcoded-secret',
      ...position(p.getNameRange().start),
      message: `${keyword(instruction)} ${p.getName()} has a literal value that anyone with the image can read; pass it at run time or use a build secret`,
    }));
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
