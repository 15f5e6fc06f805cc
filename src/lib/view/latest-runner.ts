/**
 * Runs a widget's computation so that only the latest request matters: a request while a run is in flight is
 * remembered, and once the run ends the computation runs once more with whatever the state is by then. Fifty quick
 * slider steps therefore cost at most two runs after the last step, never fifty queued ones.
 */
export function latestRunner(task: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let running = false;
  let again = false;
  const loop = async (): Promise<void> => {
    running = true;
    do {
      again = false;
      try {
        await task();
      } catch (error) {
        onError(error);
      }
    } while (again);
    running = false;
  };
  return () => {
    if (running) again = true;
    else void loop();
  };
}
