import { osFamily } from '../os/families.js';
import { platformInfo } from '../platform/platform.js';

/**
 * Stages that run on the build machine. A template may run a stage on the platform of the machine
 * that builds rather than the target's, to cross-compile instead of compiling under emulation
 * (images/python/Dockerfile.hbs: `FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE} AS build`).
 * Such a stage needs the parent's image for the build machine's platform, and the target's
 * architecture in the OS family's naming (Debian's `arm64`, `armhf`: what `dpkg --add-architecture`
 * and the `-dev:<arch>` packages take). A template asks for them by declaring the args below; the
 * build pins them per platform (nodeBuildArgs), and nothing changes for templates that do not.
 */

/** The parent for stages on the build machine: the parent's manifest for the build platform. */
export const BUILD_BASE_IMAGE_ARG = 'BUILD_BASE_IMAGE';

/** The target platform's architecture in the OS family's naming (`arm64`, `armhf`). */
export const TARGET_ARCH_ARG = 'CATALOG_ARCH';

/**
 * The node's own artifact built for the build machine's platform, for a cross-compile that needs a
 * build of what it compiles for the machine it runs on (CPython's `configure --with-build-python`
 * runs a CPython of the same version). A template asks for it by declaring the arg with a default
 * it builds without (`ARG BUILD_ARTIFACT_IMAGE=scratch`: then it compiles its own). The runner
 * passes it only to the artifact build of a cross-compiled platform, when the run built that
 * artifact or the registry stores it. It is a tool of the build, like the compiler: in neither the
 * input hash nor the artifact key.
 */
export const BUILD_ARTIFACT_IMAGE_ARG = 'BUILD_ARTIFACT_IMAGE';

/** The parent image of a node's build-machine stages, for one target platform. */
export interface BuildStageParent {
  /** The platform the pin is the parent's image for (the build machine's). */
  readonly platform: string;
  readonly pin: { readonly digest: string; readonly pullRef: string };
}

function declares(dockerfile: string, name: string): boolean {
  return new RegExp(`^\\s*ARG\\s+${name}(=|\\s|$)`, 'im').test(dockerfile);
}

/** The build-machine args a rendered Dockerfile declares, with their defaults (render's build args). */
export function buildPlatformArgDefaults(dockerfile: string, baseImage: string | null): Record<string, string> {
  const args: Record<string, string> = {};
  if (baseImage && declares(dockerfile, BUILD_BASE_IMAGE_ARG)) args[BUILD_BASE_IMAGE_ARG] = baseImage;
  if (declares(dockerfile, TARGET_ARCH_ARG)) args[TARGET_ARCH_ARG] = '';
  return args;
}

/** Whether a rendered Dockerfile asks for the build machine's artifact (BUILD_ARTIFACT_IMAGE). */
export function wantsBuildArtifact(dockerfile: string): boolean {
  return declares(dockerfile, BUILD_ARTIFACT_IMAGE_ARG);
}

/** Whether a node has stages that run on the build machine (its Dockerfile declares BUILD_BASE_IMAGE). */
export function hasBuildStages(rendered: { readonly buildArgs: Readonly<Record<string, string>> }): boolean {
  return BUILD_BASE_IMAGE_ARG in rendered.buildArgs;
}

/**
 * The values of the declared build-machine args for one target platform: BUILD_BASE_IMAGE is the
 * build platform's parent when there is one (cross-compiling), else the target's own parent (the
 * stage then runs on the target's platform, natively or under emulation); CATALOG_ARCH is the
 * target's architecture.
 */
export function buildPlatformArgs(
  rendered: { readonly buildArgs: Readonly<Record<string, string>>; readonly family: string },
  target: { readonly platform: string; readonly buildParent?: BuildStageParent },
  parent: { readonly pullRef: string } | null,
): Record<string, string> {
  const args: Record<string, string> = {};
  const pin = target.buildParent?.pin ?? parent;
  if (hasBuildStages(rendered) && pin) args[BUILD_BASE_IMAGE_ARG] = pin.pullRef;
  if (TARGET_ARCH_ARG in rendered.buildArgs)
    args[TARGET_ARCH_ARG] = osFamily(rendered.family).security.architecture(target.platform);
  return args;
}

/** A target platform whose OS-family architecture BuildKit's TARGETARCH does not name. */
export interface TargetArchMismatch {
  readonly platform: string;
  /** The OS family's name (Debian's `armhf`). */
  readonly arch: string;
  /** BuildKit's TARGETARCH (`arm`). */
  readonly buildkit: string;
}

/**
 * Where one builder run builds several platforms of a node (a bake target), CATALOG_ARCH cannot be
 * passed per platform: the template's build-machine stage falls back to BuildKit's TARGETARCH
 * (images/python: `${CATALOG_ARCH:-$TARGETARCH}`), which is right only where the OS family names the
 * architecture as BuildKit does (amd64, arm64; not Debian's armhf for linux/arm/v7). The platforms
 * for which it is not.
 */
export function targetArchMismatches(family: string, platforms: readonly string[]): TargetArchMismatch[] {
  return platforms.flatMap((platform) => {
    const arch = osFamily(family).security.architecture(platform);
    const buildkit = platformInfo(platform).architecture;
    return arch === buildkit ? [] : [{ platform, arch, buildkit }];
  });
}
