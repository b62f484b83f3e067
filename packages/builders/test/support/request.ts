import type { BuildRequest } from '../../src/types.js';

/** A realistic request: flask on python 3.13, the parent pinned by digest. */
export const PARENT = `localhost:5000/acme/python@sha256:${'a'.repeat(64)}`;

export const REQUEST: BuildRequest = {
  contextDir: '/work/out/flask/3.1.1-python3.13',
  dockerfile: '/work/out/flask/3.1.1-python3.13/Dockerfile',
  image: 'catalog-build/flask:3.1.1-python3.13',
  // Deliberately unsorted: argv must not depend on insertion order.
  buildArgs: {
    BUILD_CREATED: '2025-06-01T12:00:00Z',
    BASE_IMAGE: PARENT,
    BASE_DIGEST: `sha256:${'a'.repeat(64)}`,
  },
  labels: { 'io.acme.catalog.id': 'flask:3.1.1-python3.13', 'io.acme.catalog.build': 'r1' },
  secrets: [{ id: 'pip-conf', src: '/run/secrets/pip.conf' }],
  iidFile: '/work/out/flask/3.1.1-python3.13.iid',
  timestamp: 1748779200,
  pull: 'missing',
  tlsVerify: false,
  layers: true,
};
