/** A username and password for one registry. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
  /**
   * An identity (refresh) token in place of a password (a credential helper's `<token>` username,
   * or an auth file's `identitytoken`): exchanged for access tokens at the registry's token service.
   */
  readonly identityToken?: string;
  /** Where they were found (an environment variable name or a file path), for messages. */
  readonly source: string;
}

/** Finds credentials for a registry host (`docker.io`, `127.0.0.1:5000`). */
export interface CredentialProvider {
  get(host: string): Promise<Credentials | undefined>;
  /** Where credentials are looked for, named in hints when none are found or they are refused. */
  readonly locations: readonly string[];
}
