import { expect, it } from 'vitest';
import { InsecureHosts, tlsVerifyFor } from './insecure-hosts.js';

it('uses http for loopback hosts on any port, and for configured hosts', () => {
  const hosts = new InsecureHosts(['registry.lan:5000'], {
    CATALOG_INSECURE_REGISTRIES: ' mirror.lan , http://other.lan/ ',
  });
  for (const host of [
    'localhost',
    'localhost:5000',
    '127.0.0.1:41234',
    '[::1]:5000',
    'registry.lan:5000',
    'mirror.lan:443',
    'other.lan',
  ]) {
    expect(hosts.scheme(host), host).toBe('http');
  }
  for (const host of ['registry.lan:5001', 'registry.lan', 'docker.io', 'registry-1.docker.io', '127.0.0.2:5000']) {
    expect(hosts.scheme(host), host).toBe('https');
  }
});

it('verifies TLS for every registry but the plain-http ones, with or without a namespace', () => {
  const env = { CATALOG_INSECURE_REGISTRIES: 'registry.lan:5000' };
  expect(tlsVerifyFor('ghcr.io/acme', env)).toBe(true);
  expect(tlsVerifyFor('docker.io', env)).toBe(true);
  expect(tlsVerifyFor('registry.lan:5001/base', env)).toBe(true);
  expect(tlsVerifyFor('localhost:5000/acme', env)).toBe(false);
  expect(tlsVerifyFor('127.0.0.1:41234', {})).toBe(false);
  expect(tlsVerifyFor('registry.lan:5000/base/images', env)).toBe(false);
  expect(tlsVerifyFor('registry.lan:5000/base')).toBe(true);
});
