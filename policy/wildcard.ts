// "*" patterns, as exemption subjects and IAM actions write them: "*" matches any run of
// characters, everything else itself.
export function wildcardMatches(pattern: string, subject: string, ignoreCase = false): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    ignoreCase ? "i" : "",
  );
  return regex.test(subject);
}
