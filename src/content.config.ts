import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSlug } from './lib/chapters';

/** The book's chapters: content/chapters/NN-slug.mdx. An entry's id is the slug, its URL /chapters/<slug>/. */
const chapters = defineCollection({
  loader: glob({
    pattern: '[0-9][0-9]-*.mdx',
    base: './content/chapters',
    generateId: ({ entry }) => chapterSlug(entry.replace(/\.mdx$/, '')),
  }),
  schema: z.object({
    title: z.string().min(1),
    order: z.number().int().nonnegative(),
    summary: z
      .string()
      .min(1)
      .refine((s) => !s.includes('\n'), 'summary must be one line'),
    goals: z.array(z.string().min(1)).min(1),
    widgets: z.array(z.string()).default([]),
  }),
});

export const collections = { chapters };
