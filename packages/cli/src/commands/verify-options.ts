export interface VerifyOptions {
  /** A cosign public key file. */
  readonly key?: string;
  /** A keyless signer's identity (the certificate's subject: a workflow URL, an e-mail). */
  readonly identity?: string;
  /** The OIDC issuer of --identity. */
  readonly issuer: string;
}

/** GitHub Actions' OIDC issuer: the default of --issuer (keyless signing in the workflows). */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
