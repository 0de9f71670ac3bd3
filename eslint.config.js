// Flat config: typescript-eslint's type-checked rules plus checkout's list,
// with Prettier run as a lint rule.
import js from '@eslint/js'
import prettier from 'eslint-plugin-prettier/recommended'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        { allowExpressions: true }
      ],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_' }
      ]
    }
  },
  {
    // STYLE §1: short functions; one job per function.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 50, skipBlankLines: true, skipComments: true }
      ],
      // Text leaves the process only through the Redactor (src/secret.ts),
      // which removes every form of every secret first.
      'no-restricted-properties': [
        'error',
        ...[
          'info',
          'debug',
          'notice',
          'warning',
          'error',
          'setOutput',
          'setFailed',
          'setSecret',
          'summary',
          'exportVariable'
        ].map((property) => ({
          object: 'core',
          property,
          message:
            'Write through the Redactor (src/secret.ts), which redacts secrets.'
        }))
      ]
    }
  },
  {
    files: ['src/secret.ts'],
    rules: { 'no-restricted-properties': 'off' }
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      // Plain scripts run on Node: its globals are defined.
      globals: {
        process: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly'
      }
    }
  },
  {
    files: ['__tests__/**', 'emulator/__tests__/**'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Fakes of our own async interfaces often have nothing to await.
      '@typescript-eslint/require-await': 'off'
    }
  },
  prettier
)
