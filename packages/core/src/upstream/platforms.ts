/** The digest of `platform` among an upstream's platforms; `linux/arm64` matches `linux/arm64/v8`. */
export function platformDigest(platforms: Readonly<Record<string, string>>, platform: string): string | undefined {
  const exact = platforms[platform];
  if (exact !== undefined || platform.split('/').length > 2) return exact;
  const key = Object.keys(platforms)
    .sort()
    .find((p) => p.split('/').slice(0, 2).join('/') === platform);
  return key === undefined ? undefined : platforms[key];
}

/** How the platforms the catalog builds differ between the locked and the current upstream. */
export interface PlatformChange {
  readonly platform: string;
  readonly old?: string;
  readonly new?: string;
}

/**
 * The platforms we build whose manifest changed (or appeared or vanished). An index whose other
 * platforms changed (a new architecture, a rebuilt arm64 image) changes nothing here.
 */
export function changedPlatforms(
  locked: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  built: readonly string[],
): PlatformChange[] {
  const changes: PlatformChange[] = [];
  for (const platform of built) {
    const before = platformDigest(locked, platform);
    const after = platformDigest(current, platform);
    if (before === after) continue;
    changes.push({ platform, ...(before ? { old: before } : {}), ...(after ? { new: after } : {}) });
  }
  return changes;
}
