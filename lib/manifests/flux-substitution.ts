// Flux's post-build substitution: ${VAR}, ${VAR:=default} and ${VAR:-default} are replaced from
// the substituteFrom sources; $${VAR} escapes; $VAR without braces is left alone (Flux docs).
const PATTERN = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::[=-]([^}]*))?\}/g;

export interface Substitution {
  readonly text: string;
  /** Variables referenced with no value and no default. */
  readonly missing: string[];
  readonly used: string[];
}

export function substitute(text: string, vars: Readonly<Record<string, string>>): Substitution {
  const missing = new Set<string>();
  const used = new Set<string>();
  const out = text.replace(
    PATTERN,
    (match, escaped: string | undefined, name: string, fallback: string | undefined) => {
      if (escaped) return match.slice(1);
      used.add(name);
      if (name in vars) return vars[name];
      if (fallback !== undefined) return fallback;
      missing.add(name);
      return match;
    },
  );
  return { text: out, missing: [...missing].sort(), used: [...used].sort() };
}
