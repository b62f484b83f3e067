/** Which files hold what, by name: Dockerfiles and Kubernetes manifests in a consumer's repository. */

/** `Dockerfile`, `Dockerfile.prod`, `app.Dockerfile`, `Containerfile` (any case); not templates (`.hbs`). */
export function isDockerfileName(name: string): boolean {
  if (/\.hbs$/i.test(name)) return false;
  return /^(dockerfile|containerfile)(\.[\w.-]+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

/** `*.yaml` and `*.yml`: where Kubernetes manifests (and OpenShift templates) are written. */
export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}
