package io.lecturehighlights.pipeline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a job option that {@code lhx batch/demo/stream} offers under this name. The option is declared once, as a
 * getter of {@link LectureHighlightsOptions} with its {@code @Description} and {@code @Default}; the command line is
 * generated from it, so names, help text and defaults cannot drift apart from what the job reads. The range and
 * choices below are checked before a job starts, whether the value came from the lhx option or a --pipeline-arg.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CommandLineName {
  /** The lhx option, e.g. {@code --min-silence}; a public interface, kept when the Beam property is renamed. */
  String value();

  /** Smallest usable value of a numeric option (inclusive). */
  double min() default Double.NEGATIVE_INFINITY;

  /** Largest usable value of a numeric option (inclusive). */
  double max() default Double.POSITIVE_INFINITY;

  /** Whether a numeric option must be above zero (durations, rates, sizes). */
  boolean positive() default false;

  /** The values a text option may take; empty: any. */
  String[] oneOf() default {};

  /** Whether a text option must be an absolute http(s) URL (API base URLs), when set. */
  boolean httpUrl() default false;
}
