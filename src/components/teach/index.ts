/** The teaching components every chapter can use without importing them ([slug].astro passes them to MDX). */
export { default as Answer } from './Answer.astro';
export { default as CheckQuestions } from './CheckQuestions.astro';
export { default as Derivation } from './Derivation.astro';
export { default as Hint } from './Hint.astro';
export { default as Question } from './Question.astro';
export { default as ShowCode } from './ShowCode.astro';
export { default as TryThis } from './TryThis.astro';
