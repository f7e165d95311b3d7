// Node labels and taints shared by the cluster stack (node groups) and gitops (placement).
/** Nodes of the monitoring group carry this label and taint: only monitoring runs there (GEN-5). */
export const MONITORING_NODE = { label: "apim.axway.com/node-role", value: "monitoring" } as const;
export const APIM_NODE = { label: "apim.axway.com/node-role", value: "apim" } as const;
