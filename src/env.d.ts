/// <reference path="../.astro/types.d.ts" />

declare namespace App {
  interface Locals {
    /** Keys cited on the page being rendered, in order of first citation; set by the chapter page for <Cite>. */
    citationOrder?: readonly string[];
  }
}
