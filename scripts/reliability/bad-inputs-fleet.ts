// Bad inputs of a step over several VMs: lists, targets, vm-tag, and how
// the step runs (max-parallel, fail-on, dry-run).
import { notOneOf, refusing, type BadInputCase } from './bad-input-case.ts'

const noGroupOrName = { 'resource-group': undefined, 'vm-name': undefined }

/** Every way a fleet's inputs can be wrong, each refused before any call. */
export const fleetInputs: BadInputCase[] = [
  {
    name: 'a vm-name list with one bad name',
    inputs: { 'vm-name': 'vm-web-01\nvm web 02' },
    refuses: refusing('vm-name', /"vm web 02" is not a valid VM name/)
  },
  {
    name: 'a vm-name mixing * with names',
    inputs: { 'vm-name': '*,vm-web-01' },
    refuses: refusing('vm-name', /mixes \* with VM names/)
  },
  {
    name: 'a targets line without resource-group/',
    inputs: { ...noGroupOrName, targets: 'rg-demo/vm-web-01\nvm-web-02' },
    refuses: refusing('targets', /is not resource-group\/vm-name/)
  },
  {
    name: 'targets beside resource-group and vm-name',
    inputs: { targets: 'rg-demo/vm-web-01' },
    refuses: [
      { input: 'resource-group', rule: /cannot be used with targets/ },
      { input: 'vm-name', rule: /cannot be used with targets/ }
    ]
  },
  {
    name: 'a vm-tag beside vm-name',
    inputs: { 'vm-tag': 'rotate=weekly' },
    refuses: refusing('vm-name', /cannot be used with vm-tag/)
  },
  {
    name: 'a vm-tag without a value',
    inputs: { ...noGroupOrName, 'vm-tag': 'rotate' },
    refuses: refusing('vm-tag', /is not key=value/)
  },
  ...['0', '51', 'five', '2.5'].map((value) => ({
    name: `a max-parallel of ${JSON.stringify(value)}`,
    inputs: { 'max-parallel': value },
    refuses: refusing('max-parallel', /is not a whole number from 1 to 50/)
  })),
  {
    name: 'an unknown fail-on',
    inputs: { 'fail-on': 'most' },
    refuses: refusing('fail-on', notOneOf)
  },
  {
    name: 'a dry-run that is not a boolean',
    inputs: { 'dry-run': 'yes' },
    refuses: refusing('dry-run', /is neither true nor false/)
  }
]
