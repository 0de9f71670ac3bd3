// The bad-input catalogue of scripts/reliability/: each input refused
// before any request, each case its own test.
import { describeCatalogue } from './reliability-suite.ts'

describe('reliability catalogue: bad inputs', () => {
  describeCatalogue('bad-input')
})
