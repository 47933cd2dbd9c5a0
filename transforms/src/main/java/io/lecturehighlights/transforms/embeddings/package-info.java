/**
 * The pipeline stage that embeds each topic chunk's passages (issue #21): the vectors travel with the chunk to the
 * {@code transcript_chunks} dataset and table, so the search indexes need not embed them again.
 */
package io.lecturehighlights.transforms.embeddings;
