import { x } from './a.ts'
import { ComputeManagementClient } from '@azure/arm-compute'
console.log('hi', x(), typeof ComputeManagementClient)
