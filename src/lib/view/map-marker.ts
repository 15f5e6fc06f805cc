/**
 * Outlines on a map canvas (a pooling window, a chosen cell, a receptive field): an absolutely positioned element
 * over the canvas, placed in percent of the map, so the canvas keeps one pixel per value (drawMap, cellAt) and CSS
 * scales both together. The marker's parent must be `position: relative` and wrap the canvas exactly.
 */

export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Places `marker` over the cells of `box` (in map cells, fractional allowed) of a map `mapWidth` × `mapHeight`. */
export function placeMarker(marker: HTMLElement, box: Box, mapWidth: number, mapHeight: number): void {
  marker.hidden = false;
  marker.style.left = `${(box.left / mapWidth) * 100}%`;
  marker.style.top = `${(box.top / mapHeight) * 100}%`;
  marker.style.width = `${(box.width / mapWidth) * 100}%`;
  marker.style.height = `${(box.height / mapHeight) * 100}%`;
}
