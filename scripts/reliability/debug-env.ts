/** Debug logging everywhere it can be switched on: the worst case for leaks. */
export const debugEverything = {
  RUNNER_DEBUG: '1',
  ACTIONS_STEP_DEBUG: 'true',
  AZURE_LOG_LEVEL: 'verbose'
} as const
