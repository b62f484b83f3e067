import { DEFAULT_PLATFORM, hostPlatform } from '@catalog/core';

/** This machine's platform (core's name for Node's `process.arch`): what a catalog without `platforms:` builds. */
export const HOST_PLATFORM: string = hostPlatform(process.arch) ?? DEFAULT_PLATFORM;
