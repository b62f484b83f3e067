export {
  APP_UID,
  type AppFlavor,
  type AppScaffoldInput,
  appBuildCommand,
  appFlavor,
  checkAppName,
  DEPLOY_FILES,
  type ScaffoldFile,
  scaffoldApp,
} from './app-scaffold.js';
export {
  type BaseBuilds,
  BasePinError,
  NO_PIN_HINT,
  needsPin,
  type PinnedAppBase,
  pinAppBase,
  pinCandidates,
  unpinnedAppBase,
} from './pin-base.js';
export { type AppBase, resolveAppBase } from './resolve-base.js';
