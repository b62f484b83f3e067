import { expect, it } from 'vitest';
import { parseChallenges } from './challenge.js';

it('parses Bearer challenges with quoted commas', () => {
  expect(
    parseChallenges(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/debian:pull,push"',
    ),
  ).toEqual([
    {
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/debian:pull,push',
      },
    },
  ]);
});

it('parses Basic challenges, several challenges and nothing', () => {
  expect(parseChallenges('Basic realm="registry"')).toEqual([{ scheme: 'basic', params: { realm: 'registry' } }]);
  expect(parseChallenges('Basic realm="a", Bearer realm="https://x/token"').map((c) => c.scheme)).toEqual([
    'basic',
    'bearer',
  ]);
  expect(parseChallenges(null)).toEqual([]);
  expect(parseChallenges('Bearer realm=https://x/token,error=invalid_token')).toEqual([
    { scheme: 'bearer', params: { realm: 'https://x/token', error: 'invalid_token' } },
  ]);
});
