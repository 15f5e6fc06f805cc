/**
 * The input every shipped head expects (size, scaling), read from their meta.json at build time — only the `input`
 * field is bundled — for widgets that show a scan "as the network receives it" before any model loads. The heads
 * must agree; a head with a different input fails the build instead of a widget drawing the wrong size.
 */
import type { InputSpec } from './model/core/preprocess';

const inputs = import.meta.glob<InputSpec>('/public/weights/heads/*/meta.json', { eager: true, import: 'input' });

class ShippedInputError extends Error {}

export function shippedInput(): InputSpec {
  const specs = Object.values(inputs);
  const first = specs[0];
  if (!first) throw new ShippedInputError('No shipped head: public/weights/heads/*/meta.json is missing.');
  const differ = specs.find((s) => s.size !== first.size || s.scale !== first.scale || s.offset !== first.offset);
  if (differ)
    throw new ShippedInputError('The shipped heads expect different inputs; a widget cannot show one scan for both.');
  return first;
}
