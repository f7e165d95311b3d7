// Cassandra keyspaces of the API gateway groups: Axway requires a keyspace of its own per group
// (groups sharing one overwrite each other's API catalogue) and recommends a throttling keyspace
// per group. One rule for the manifests, the post-bootstrap script's arguments and the report.
export interface GroupKeyspaces {
  readonly keyspace: string;
  readonly throttling: string;
}

/** Keyspace names allow letters, digits and underscores: a group's dashes become underscores. */
export function groupKeyspaces(group: string): GroupKeyspaces {
  const keyspace = `axway_apim_${group.replace(/-/g, "_")}`;
  return { keyspace, throttling: `t_${keyspace}` };
}
