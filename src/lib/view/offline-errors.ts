/**
 * Clear words for a download that failed: offline, a file this browser has not kept yet says so (instead of the
 * browser's "Failed to fetch"); online, a network failure says to check the connection. Used where site files are
 * fetched (the model store, image sources) and, as a last resort, where a widget shows any error.
 */

/** What fetch and tfjs's loaders say when the request never got a response (Chromium, Firefox, Safari). */
const NETWORK_FAILURE = /failed to fetch|networkerror|load failed|network error|err_internet_disconnected/i;

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

function isNetworkFailure(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return NETWORK_FAILURE.test(message) || (error instanceof TypeError && isOffline());
}

/** "You are offline, and this browser has not saved the MobileNet v1 weights yet…" */
function offlineMessage(what: string): string {
  return (
    `You are offline, and this browser has not saved ${what} yet. ` +
    'Figures keep network weights and scans the first time they use them online: reconnect once, open this figure, ' +
    'and it works offline from then on.'
  );
}

export class NetworkFailureError extends Error {
  override name = 'NetworkFailureError';
}

/** A clear error for a failed download of `what`, or null if `error` is not a network failure. */
export function explainNetworkFailure(error: unknown, what: string): NetworkFailureError | null {
  if (error instanceof NetworkFailureError) return error;
  if (!isNetworkFailure(error)) return null;
  if (isOffline()) return new NetworkFailureError(offlineMessage(what));
  const detail = error instanceof Error ? error.message : String(error);
  return new NetworkFailureError(
    `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} could not be downloaded (${detail}). Check the network connection and try again.`,
  );
}

/** fetch() of a site file whose network failure is explained in words. */
export async function fetchSiteFile(url: string, what: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (error) {
    throw explainNetworkFailure(error, what) ?? error;
  }
}
