// The runner's cancel as the run reads it: the run stops at the first signal,
// and the work it still owes ends at a deadline well before SIGKILL. Timers
// are Jest's fake ones, moved by the test: no proof rests on the clock.
import { EventEmitter } from 'node:events'
import { jest } from '@jest/globals'
import {
  listenForCancel,
  neverCancelled,
  wrapUpAfterSigintMs,
  wrapUpAfterSigtermMs,
  type SignalSource
} from '../../src/cancel.ts'

/** A process that the test sends signals to. */
function fakeProcess(): SignalSource & { send: (signal: string) => void } {
  const emitter = new EventEmitter()
  return {
    once: (signal, listener) => emitter.once(signal, listener),
    send: (signal) => emitter.emit(signal)
  }
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe('listenForCancel', () => {
  it('stops the run at SIGINT and ends the owed work 3 s later', () => {
    const runner = fakeProcess()
    const { cancel, wrapUp } = listenForCancel(runner)

    runner.send('SIGINT')
    expect(cancel.aborted).toBe(true)
    expect(String(cancel.reason)).toContain('received SIGINT')
    jest.advanceTimersByTime(wrapUpAfterSigintMs - 1)
    expect(wrapUp.aborted).toBe(false)
    jest.advanceTimersByTime(1)
    expect(wrapUp.aborted).toBe(true)
  })

  it('gives 2 s after a SIGTERM alone (SIGKILL follows it in 2.5 s)', () => {
    const runner = fakeProcess()
    const { cancel, wrapUp } = listenForCancel(runner)

    runner.send('SIGTERM')
    expect(cancel.aborted).toBe(true)
    jest.advanceTimersByTime(wrapUpAfterSigtermMs - 1)
    expect(wrapUp.aborted).toBe(false)
    jest.advanceTimersByTime(1)
    expect(wrapUp.aborted).toBe(true)
  })

  it('keeps the earlier deadline when SIGTERM follows SIGINT late, as GitHub sends it', () => {
    const runner = fakeProcess()
    const { wrapUp } = listenForCancel(runner)

    runner.send('SIGINT')
    jest.advanceTimersByTime(wrapUpAfterSigintMs)
    expect(wrapUp.aborted).toBe(true)
    runner.send('SIGTERM')
    expect(wrapUp.aborted).toBe(true)
  })

  it('brings the deadline closer when SIGTERM follows SIGINT at once', () => {
    const runner = fakeProcess()
    const { wrapUp } = listenForCancel(runner)

    runner.send('SIGINT')
    jest.advanceTimersByTime(500)
    runner.send('SIGTERM')
    jest.advanceTimersByTime(wrapUpAfterSigtermMs - 1)
    expect(wrapUp.aborted).toBe(false)
    jest.advanceTimersByTime(1)
    expect(wrapUp.aborted).toBe(true)
  })

  it('never fires without a signal', () => {
    const { cancel, wrapUp } = listenForCancel(fakeProcess())
    const none = neverCancelled()

    jest.advanceTimersByTime(60 * 60_000)
    expect(
      [cancel, wrapUp, none.cancel, none.wrapUp].map((s) => s.aborted)
    ).toEqual([false, false, false, false])
  })
})
