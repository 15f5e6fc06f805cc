/**
 * The one pair of DOM helpers every widget uses: `part` finds an element of the widget's markup by its
 * `data-role`, `text` sets its text. Both throw a WidgetMarkupError naming the widget and the role when the markup
 * lacks it: a missing part is a bug in the widget's .astro file, never something to skip silently.
 */
export class WidgetMarkupError extends Error {}

export function part<T extends Element = HTMLElement>(root: ParentNode, role: string, owner = 'widget'): T {
  const element = root.querySelector<T>(`[data-role="${role}"]`);
  if (!element) throw new WidgetMarkupError(`The ${owner}'s markup lacks data-role="${role}".`);
  return element;
}

export function text(root: ParentNode, role: string, value: string, owner = 'widget'): void {
  part(root, role, owner).textContent = value;
}
