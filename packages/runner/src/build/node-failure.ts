/** A step failed in a way that fails the node (not the run): the message becomes the node's reason. */
export class NodeFailure extends Error {
  constructor(
    message: string,
    readonly tail: readonly string[] = [],
  ) {
    super(message);
  }
}
