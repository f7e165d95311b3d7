// cdktf turns each cross-stack reference into a terraform_remote_state named after the stack it
// reads ("cross-stack-reference-input-<stack>"). The offline plans, the review and the apply run
// rewrite these.

type Json = Record<string, unknown>;

export interface RemoteState {
  /** The data source's name in the stack. */
  readonly name: string;
  /** The stack whose state it reads. */
  readonly upstream: string;
  /** The data source's body, in the stack's JSON (edit it to rewrite the stack). */
  readonly source: Json;
}

export function remoteStates(stack: Json): RemoteState[] {
  const remote = ((stack.data as Json | undefined)?.terraform_remote_state ?? {}) as Record<string, Json>;
  return Object.entries(remote).map(([name, source]) => ({
    name,
    upstream: name.replace(/^cross-stack-reference-input-/, ""),
    source,
  }));
}
