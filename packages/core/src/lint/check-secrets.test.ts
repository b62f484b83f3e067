// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { isSecretName } from './check-secrets.js';
import { lintDockerfile } from './lint-dockerfile.js';

const SECRET_RULES = new Set(['hardcoded-secret', 'default-password', 'ssh-server']);

const secretFindings = (body: string): string[] =>
  lintDockerfile(`FROM debian:13\n${body}\nUSER 10001`, 'Dockerfile')
    .filter((f) => SECRET_RULES.has(f.rule))
    .map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('hardcoded-secret', () => {
  it.each([
    'DB_PASSWORD',
    'db_passwd',
    'GITHUB_TOKEN',
    'NPM_AUTHTOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'STRIPE_API_KEY',
    'APIKEY',
    'SSH_PRIVATE_KEY',
    'MYSQL_ROOT_PASSWORD',
    'REDIS_PASS',
    'GPG_PASSPHRASE',
    'CLIENT_SECRET',
  ])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'PATH',
    'PWD',
    'GPG_KEY',
    'TOKENIZERS_PARALLELISM',
    'POSTGRES_PASSWORD_FILE',
    'TOKEN_PATH',
    'SECRETS_DIR',
    'PYTHON_VERSION',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_TTL_SECONDS',
    'SESSION_TOKEN_TIMEOUT',
  ])('%s is not a secret name', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('reports a password inside a URL, but not a URL without one or with a variable', () => {
    expect(
      secretFindings(
        'ENV PIP_INDEX_URL=https://user:pass@pypi.example/simple\nARG MIRROR=https://pypi.example/simple\n' +
          'ENV PIP_EXTRA_INDEX_URL=https://user:${PIP_PASSWORD}@pypi.example/simple\nENV PASSWORD_MIN_LENGTH=8',
      ),
    ).toEqual(['2:5 hardcoded-secret']);
  });

  it('reports literal values in ENV and ARG, at the name', () => {
    expect(secretFindings('ENV A=1 DB_PASSWORD="s3cret"\nENV API_TOKEN abc\nARG GITHUB_TOKEN=ghp_x')).toEqual([
      '2:9 hardcoded-secret',
      '3:5 hardcoded-secret',
      '4:5 hardcoded-secret',
    ]);
  });

  it('accepts empty values, declarations and variable references', () => {
    expect(secretFindings('ARG DB_PASSWORD\nENV DB_PASSWORD=${DB_PASSWORD}\nENV TOKEN="" SECRET=$X')).toEqual([]);
  });
});

describe('default-password', () => {
  it.each([
    ["RUN echo 'root:toor' | chpasswd", '2:24 default-password'],
    ['RUN useradd -m -p "$(openssl passwd -1 x)" app', '2:5 default-password'],
    ['RUN usermod --password=abc app', '2:5 default-password'],
    ['RUN printf "x\\nx\\n" | passwd app', '2:23 default-password'],
    ['RUN passwd --stdin app < /pw', '2:5 default-password'],
  ])('%s', (run, expected) => {
    expect(secretFindings(run)).toEqual([expected]);
  });

  it.each([
    'RUN useradd --uid 10001 --gid 0 --no-create-home app',
    'RUN passwd -l root',
    'RUN adduser --disabled-password --gecos "" app',
  ])('accepts %s', (run) => {
    expect(secretFindings(run)).toEqual([]);
  });
});

describe('ssh-server', () => {
  it.each([
    ['RUN apt-get install -y --no-install-recommends curl openssh-server=1:10.0p1-7', '2:53 ssh-server'],
    ['RUN apk add --no-cache openssh', '2:24 ssh-server'],
    ['RUN dnf install -y openssh-server && dnf clean all', '2:20 ssh-server'],
    ['RUN mkdir /run/sshd && /usr/sbin/sshd -t', '2:24 ssh-server'],
    ['CMD ["/usr/sbin/sshd", "-D"]', '2:5 ssh-server'],
  ])('%s', (body, expected) => {
    expect(secretFindings(body)).toEqual([expected]);
  });

  it.each([
    'RUN apt-get install -y --no-install-recommends openssh-client',
    'RUN apk add --no-cache openssh-keygen',
    'RUN apt-get remove -y openssh-server',
  ])('accepts %s', (body) => {
    expect(secretFindings(body)).toEqual([]);
  });
});
