import { DEPLOY_FILES } from '../scaffold/app-scaffold.js';
import { DOCS_APP_NAME, type DocsDeploy, type DocsImage } from './model.js';

/**
 * The "Deploy" section of an image page, as text with `code` spans that the Markdown and the HTML
 * pages both render: the probes, the writable paths and resources, and where the manifest comes from.
 */
export function deployParagraphs(image: DocsImage, deploy: DocsDeploy): string[] {
  const { spec } = deploy;
  const who = deploy.forApps
    ? `Apps built on ${image.title} (\`catalog app build SRC --from ${image.name} --tag ${DOCS_APP_NAME}\`, or \`catalog init-app ${DOCS_APP_NAME} --from ${image.name}\`, which writes this as \`${DEPLOY_FILES.kubernetes}\` and an OpenShift Template) answer`
    : `${image.title} answers`;
  return [
    `${who} the liveness probe GET \`${spec.liveness}\` and the readiness probe GET \`${spec.readiness}\` on port \`${spec.port}\` (\`PORT\`).`,
    `Run it with a read-only root filesystem and ${spec.writablePaths.map((p) => `\`${p}\``).join(', ')} writable (emptyDir volumes), as a non-root user (any uid in group 0: no fixed \`runAsUser\`); requests \`${spec.resources.requests.cpu}\` CPU and \`${spec.resources.requests.memory}\`, limits \`${spec.resources.limits.cpu}\` CPU and \`${spec.resources.limits.memory}\`.`,
    deploy.forApps
      ? `A Deployment and Service for an app named \`${DOCS_APP_NAME}\` (set \`image:\` to the image you pushed):`
      : 'A Deployment and Service, ready for `kubectl apply -f`:',
  ];
}
