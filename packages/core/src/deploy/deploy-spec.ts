import { z } from 'zod';

/**
 * How an HTTP app on an image runs on Kubernetes: the port it serves, the liveness and readiness
 * probes it answers, the paths it writes (emptyDir volumes under a read-only root filesystem) and
 * its resources. Declared per image as `deploy:` in the catalog (an app image for itself, a
 * framework image for the apps built on it); init-app's manifests and the docs pages read it here.
 */
export interface DeploySpec {
  readonly port: number;
  /** HTTP GET paths answering 200. */
  readonly liveness: string;
  readonly readiness: string;
  readonly writablePaths: readonly string[];
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
}

/** What the docs and manifests use where the catalog says nothing. */
export const DEPLOY_DEFAULTS = {
  writablePaths: ['/tmp'],
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '256Mi' },
} as const;

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const quantity = z.string().regex(QUANTITY).meta({ description: 'A Kubernetes quantity: 250m, 1, 128Mi, 1Gi.' });
const absolute = z.string().regex(/^\/[^\s]*$/);

/** The catalog schema of `deploy:` (an image key). */
export function deploySchema() {
  const amounts = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
  return z
    .strictObject({
      port: z.number().int().min(1).max(65535).meta({ description: 'The port the app serves HTTP on ($PORT).' }),
      liveness: absolute.meta({ description: 'Liveness probe: the path answering 200 while the process works.' }),
      readiness: absolute.meta({ description: 'Readiness probe: the path answering 200 when ready to serve.' }),
      writablePaths: z.array(absolute).optional().meta({
        description: 'Folders the app writes; emptyDir volumes under a read-only root filesystem (default [/tmp]).',
      }),
      resources: z
        .strictObject({ requests: amounts.optional(), limits: amounts.optional() })
        .optional()
        .meta({ description: 'Resource requests and limits (default requests 100m/128Mi, limits 1/256Mi).' }),
    })
    .meta({
      description:
        'How an HTTP app on this image runs on Kubernetes (an app image: itself; a framework: the apps built on it): init-app writes Deployment, Service and OpenShift Template from it; the docs show it.',
    });
}

export type RawDeploy = z.infer<ReturnType<typeof deploySchema>>;

/** The declared `deploy:` with the defaults filled in. */
export function normalizeDeploy(raw: RawDeploy): DeploySpec {
  return {
    port: raw.port,
    liveness: raw.liveness,
    readiness: raw.readiness,
    writablePaths: raw.writablePaths ?? [...DEPLOY_DEFAULTS.writablePaths],
    resources: {
      requests: { ...DEPLOY_DEFAULTS.requests, ...raw.resources?.requests },
      limits: { ...DEPLOY_DEFAULTS.limits, ...raw.resources?.limits },
    },
  };
}
