import { expect, it } from 'vitest';
import { InsecureHosts } from './insecure-hosts.js';

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
