// Bounded concurrency for the cases: spawning dist/index.js costs CPU, and a
// 2-core runner slows every case down when too many run at once.

/** Runs tasks at most `limit` at a time, or one alone. */
export interface Limiter {
  /** Runs `task` once fewer than `limit` tasks (and no lone task) are running. */
  run: <T>(task: () => Promise<T>) => Promise<T>
  /** Runs `task` once nothing else runs, and keeps others out until it ends. */
  runAlone: <T>(task: () => Promise<T>) => Promise<T>
}

interface Waiter {
  alone: boolean
  start: () => void
}

/** A first-in, first-out limiter of `limit` concurrent tasks. */
export function createLimiter(limit: number): Limiter {
  let active = 0
  let isAloneRunning = false
  const queue: Waiter[] = []

  const pump = (): void => {
    for (let next = queue[0]; next && !isAloneRunning; next = queue[0]) {
      if (next.alone ? active > 0 : active >= limit) return
      queue.shift()
      if (next.alone) isAloneRunning = true
      else active += 1
      next.start()
    }
  }

  const enqueue = async <T>(
    alone: boolean,
    task: () => Promise<T>
  ): Promise<T> => {
    await new Promise<void>((start) => {
      queue.push({ alone, start })
      pump()
    })
    try {
      return await task()
    } finally {
      if (alone) isAloneRunning = false
      else active -= 1
      pump()
    }
  }

  return {
    run: (task) => enqueue(false, task),
    runAlone: (task) => enqueue(true, task)
  }
}
