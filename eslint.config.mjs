// Flat config: typescript-eslint's recommended rules plus the house rules from DESIGN §9.
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: ["node_modules/**", "**/node_modules/**", "bin/**", ".plan/**", ".stryker-tmp/**", "reports/**"],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    // CommonJS helpers loaded by Node itself (e.g. the mocha reporter, the packs' entry points) use require by design.
    files: ["**/*.cjs", "policy-packs/*/index.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Defaults use `??`: `||` silently overwrites 0, false and "".
      "no-restricted-syntax": [
        "error",
        {
          selector: "LogicalExpression[operator='||'][right.type=/Literal|ArrayExpression|ObjectExpression/]",
          message: 'Use `??` for defaults: `||` overwrites 0, false and "".',
        },
      ],
    },
  },
);
