import js from "@eslint/js";
import globals from "globals";
import formatjs from "eslint-plugin-formatjs";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Only correctness rules: layout belongs to Prettier (.prettierrc.json), so nothing here may
// enable a stylistic rule that would fight it.
export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/generated", "e2e/screenshots", "e2e/*.tmp.mjs"] },
  {
    files: ["src/**/*.{ts,tsx}", "plugins/**/*.ts", "vite.config.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Every string a person reads goes through t()/msg() (src/i18n): no literal text in JSX
    // or in the attributes people read, and every message with an English defaultMessage
    // whose placeholders are given.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/**/*.test.{ts,tsx}", "src/test/**"],
    plugins: { formatjs },
    settings: { formatjs: { additionalFunctionNames: ["t", "msg"] } },
    rules: {
      "formatjs/no-literal-string-in-jsx": [
        "error",
        { props: { include: [["*", "{aria-label,title,placeholder,alt,label}"]] } },
      ],
      "formatjs/enforce-default-message": ["error", "literal"],
      "formatjs/enforce-placeholders": "error",
    },
  },
  {
    files: ["e2e/**/*.mjs", "scripts/**/*.mjs", "../bench/**/*.mjs"],
    extends: [js.configs.recommended],
    // e2e scripts pass functions to page.evaluate, which run in the browser.
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node, ...globals.browser } },
  },
);
