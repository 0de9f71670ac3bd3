// One recorded exchange, as the bench's tests build them: a 2 ms GET by the
// service its operationId names, with whatever a test changes.
import type { Exchange } from '../../scripts/bench/exchanges.ts'

export function exchange(
  operationId: string,
  startMs: number,
  extra: Partial<Exchange> = {}
): Exchange {
  return {
    service: operationId.startsWith('GitHub')
      ? 'github'
      : operationId.startsWith('Entra')
        ? 'entra'
        : 'arm',
    operationId,
    method: 'GET',
    url: '/path',
    status: 200,
    startMs,
    finishMs: startMs + 2,
    ...extra
  }
}
