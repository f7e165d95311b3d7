// Deep imports only: the provider packages' index loads every resource module (~2 s and ~1 GB
// per process, see TOOLCHAIN.md), so `import ... from "@cdktf/provider-aws"` is forbidden.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const barrelImports = ["@cdktf/provider-aws", "@cdktf/provider-helm", "@cdktf/provider-kubernetes"].flatMap(
  (name) => [
    {
      name,
      message: `Import ${name} by deep path (${name}/lib/<resource>): the barrel costs ~2 s and ~1 GB.`,
    },
  ],
);

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "gitops/", "docs/", "coverage/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: barrelImports,
          patterns: [
            {
              regex: "^@cdktf/provider-(aws|helm|kubernetes)/lib$",
              message: "Import the resource module itself (…/lib/<resource>), not the lib index.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
