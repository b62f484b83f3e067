/**
 * An OS family: everything about an image that depends on the distribution it is built on (its
 * package manager, where its package database is, where security fixes are published, how package
 * versions compare). `debian` is the family that exists; a family is one folder beside it (see
 * families.ts) plus its partials in images/_partials/os/<name>/. Pure data and functions: the
 * runner does the reading, running and fetching, and asks the family what and how to parse.
 */

/** An installed package: binary package name and version. */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** The package's architecture (`amd64`, `all`), when the record names it. */
  readonly architecture?: string;
}

/** A package an image holds whose version in the security index is newer. */
export interface SecurityFix {
  readonly name: string;
  readonly installed: string;
  readonly fixed: string;
}

/** An index file of a suite, with the SHA-256 its manifest lists; `path` is relative to the suite's folder. */
export interface IndexFile {
  readonly path: string;
  /** Undefined when the archive has no manifest: the file is then taken as served (use https). */
  readonly sha256?: string;
}

/** The package manager's configuration on the machine that runs the check, which may name the archive. */
export interface HostSources {
  /** The folder, e.g. /etc/apt. */
  readonly dir: string;
  /** Files in it to read, in order. */
  readonly files: readonly string[];
  /** Folders in it whose files are read too, sorted by name. */
  readonly folders: readonly string[];
}

/**
 * The OpenPGP signature of an archive's manifest (Debian: InRelease carries it inline, Release has
 * Release.gpg beside it), checked with gpgv against a keyring. A manifest without a valid signature
 * is refused: whoever answers on the mirror's address must not decide what is rebuilt.
 */
export interface ManifestSignature {
  /** The keyring when nothing names another: /usr/share/keyrings/debian-archive-keyring.gpg. */
  readonly defaultKeyring: string;
  /** The package that installs the default keyring, for hints: debian-archive-keyring. */
  readonly keyringPackage: string;
  /** The variable naming the keyring of the archive read without a catalog mirror. */
  readonly keyringEnv: string;
  /** Manifest names that carry their signature inline (clear-signed): InRelease. */
  readonly clearsigned: readonly string[];
  /** Manifest name → its detached signature's name: Release → Release.gpg. */
  readonly detached: Readonly<Record<string, string>>;
}

/** Where a family's security fixes are published and how its index is found and read. */
export interface SecurityArchive {
  /** The suite when `securityUpdates.suite` is not given, a template: `{{vars.suite}}-security`. */
  readonly defaultSuite: string;
  /** The components when `securityUpdates.components` is not given. */
  readonly defaultComponents: readonly string[];
  /** The environment variable naming the archive when the catalog names no mirror. */
  readonly mirrorEnv: string;
  readonly hostSources: HostSources;
  /** The archive's URL one host source file (`path` tells its kind) names for security updates, if any. */
  hostSecuritySite(path: string, text: string): string | undefined;
  /** The family's name of an OCI platform's architecture (`linux/arm/v7` → armhf). */
  architecture(platform: string): string;
  /** A suite's folder in the archive, relative to the archive's URL: `dists/trixie-security`. */
  suitePath(suite: string): string;
  /**
   * The suite's manifest, names tried in order in the suite's folder; its SHA-256 keys the index
   * cache. Empty when the archive has none: the index is then fetched whole at every check.
   */
  readonly manifestFiles: readonly string[];
  /**
   * The index files a manifest lists for a component and architecture, preferred first (the
   * runner decompresses `.gz` and `.xz`); undefined when the text is not a manifest. Without
   * manifest files, called with an empty text.
   */
  indexFiles(manifest: string, component: string, architecture: string): readonly IndexFile[] | undefined;
  /** The newest version of every package of an uncompressed index. */
  parseIndex(text: string): Map<string, string>;
  /**
   * How the manifest is signed: every manifest is checked against a keyring before it is read.
   * Required with manifest files (the runner refuses an unsigned manifest format).
   */
  readonly signature?: ManifestSignature;
  /** Words for messages. */
  readonly words: {
    /** The manifest: `Release file`. */
    readonly manifest: string;
    /** A suite name for the example of hints: `trixie-security`. */
    readonly suiteExample: string;
    /** What to do so that the host sources name the archive: `add a *-security suite to the apt sources`. */
    readonly hostSourcesFix: string;
    /** The index of a component and architecture: `main/binary-amd64/Packages(.gz|.xz)`. */
    index(component: string, architecture: string): string;
  };
}

export interface OsFamily {
  /** The name catalogs use (`family: debian`), and the partials' folder: images/_partials/os/<name>/. */
  readonly name: string;
  /** For messages: `Debian`. */
  readonly title: string;
  /** The partials its folder provides, which templates use whatever the family: `install-packages`, … */
  readonly partials: readonly string[];
  /** The installed packages as a build records them (the OS part of the bill of materials). */
  readonly packageList: {
    /**
     * A shell command run in the built image; prints one line per package (`deb <name> <version>
     * <architecture>`) and one `os <ID> <VERSION_ID>` line (from /etc/os-release).
     */
    readonly command: string;
    /** The installed packages of a recorded bill of materials (lines of other tools are skipped). */
    parse(text: string): InstalledPackage[];
    /**
     * A package's purl (`pkg:deb/debian/openssl@3.5.1-1?arch=amd64&distro=debian-13`); `distro` is
     * `<ID>-<VERSION_ID>` of the image's os-release, when known.
     */
    purl(pkg: InstalledPackage, distro: string | undefined): string;
    /** The purl type of its packages (`deb`), by which they are found in an SBOM again. */
    readonly purlType: string;
  };
  /** The package database in image layers, read from images published without a package list. */
  readonly installedDatabase: {
    /** Its path in the image, without the leading slash: `var/lib/dpkg/status`. */
    readonly path: string;
    parse(text: string): InstalledPackage[];
  };
  /** Negative when version `a` sorts before `b`, 0 when equal, positive after. */
  compareVersions(a: string, b: string): number;
  readonly security: SecurityArchive;
}
