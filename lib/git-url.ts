// The TCP port a Git URL connects to: what Flux's source controller must reach from a worker.
const DEFAULT_PORTS: Readonly<Record<string, number>> = { ssh: 22, https: 443 };

export function gitUrlPort(url: string): number | undefined {
  const match = /^(ssh|https):\/\/(?:[^@/]+@)?[^:/]+(?::(\d+))?\//.exec(url);
  if (!match) return undefined;
  return match[2] ? Number(match[2]) : DEFAULT_PORTS[match[1]];
}
