export { deploySpecOf } from './deploy-of-node.js';
export {
  DEPLOY_DEFAULTS,
  type DeploySpec,
  deploySchema,
  normalizeDeploy,
  type RawDeploy,
} from './deploy-spec.js';
export {
  type DeployInput,
  deployObjects,
  kubernetesManifest,
  openshiftTemplate,
  templateParameters,
  volumeName,
} from './manifests.js';
