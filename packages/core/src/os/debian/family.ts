import type { OsFamily } from '../family.js';
import { aptSecuritySource } from './apt-sources.js';
import {
  debianArchitecture,
  debianPackageUrl,
  packagesIndexPath,
  parseDpkgStatus,
  parseInstalledPackages,
  parsePackagesIndex,
  releaseIndexFiles,
} from './archive.js';
import { compareDebianVersions } from './version.js';

/** Debian's Release files: InRelease clear-signed, or Release with Release.gpg; the archive keyring. */
export const DEBIAN_ARCHIVE_SIGNATURE = {
  defaultKeyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
  keyringPackage: 'debian-archive-keyring',
  keyringEnv: 'CATALOG_DEBIAN_KEYRING',
  clearsigned: ['InRelease'],
  detached: { Release: 'Release.gpg' },
} as const;

/**
 * Debian: apt and dpkg; security fixes from the `<suite>-security` suite of the Debian security
 * archive (a Release file listing Packages indexes by SHA-256); dpkg's version order.
 */
export const debianFamily: OsFamily = {
  name: 'debian',
  title: 'Debian',
  partials: ['install-packages', 'non-root-user'],
  packageList: {
    command:
      'dpkg-query -W -f \'${Package} ${Version} ${Architecture}\\n\' 2>/dev/null | sed "s/^/deb /"; ' +
      '(. /etc/os-release 2>/dev/null && echo "os ${ID:-} ${VERSION_ID:-}")',
    parse: parseInstalledPackages,
    purl: debianPackageUrl,
    purlType: 'deb',
  },
  installedDatabase: { path: 'var/lib/dpkg/status', parse: parseDpkgStatus },
  compareVersions: (a, b) => compareDebianVersions(a, b),
  security: {
    defaultSuite: '{{vars.suite}}-security',
    defaultComponents: ['main'],
    // Shared with tools/base-rootfs.sh.
    mirrorEnv: 'CATALOG_DEBIAN_SECURITY_MIRROR',
    hostSources: { dir: '/etc/apt', files: ['sources.list'], folders: ['sources.list.d'] },
    hostSecuritySite: aptSecuritySource,
    architecture: debianArchitecture,
    suitePath: (suite) => `dists/${suite}`,
    manifestFiles: ['InRelease', 'Release'],
    indexFiles: releaseIndexFiles,
    parseIndex: parsePackagesIndex,
    signature: DEBIAN_ARCHIVE_SIGNATURE,
    words: {
      manifest: 'Release file',
      suiteExample: 'trixie-security',
      hostSourcesFix: 'add a *-security suite to the apt sources',
      index: (component, architecture) => `${packagesIndexPath(component, architecture, '')}(.gz|.xz)`,
    },
  },
};
